// Network-namespace helpers for the data-plane tests, on the lab's own (src/lab/dataplane/labNetns.ts):
// names carry the test process id, so leftovers of a killed run are recognised and removed.
import { execFileSync } from 'node:child_process';
import { deleteNamespace, ipSync, sweepStale } from '../../../src/lab/dataplane/labNetns';

export const nsPrefix = 'pncni-';
export const ip = ipSync;

export function inNs(ns: string, command: string, args: string[], input?: string): string {
  return execFileSync('ip', ['netns', 'exec', ns, command, ...args], { encoding: 'utf8', input, stdio: ['pipe', 'pipe', 'pipe'] });
}

/** Deletes namespaces and temp dirs of earlier runs whose process is gone. */
export function cleanStale(): string[] {
  return sweepStale(nsPrefix);
}

export const deleteNs = deleteNamespace;
