// Connectivity reports for the check's unit tests: a full plan over the seed's three nodes
// (test/unit/map/mapFixtures), every probe passing, with helpers to break one thing at a time.
import type { CheckReport, ProbeEndpoint, ProbeKind, ProbeProtocol, ProbeResult } from '../../../src/core/check/checkReport';
import { checkSchemaVersion, summarise } from '../../../src/core/check/checkReport';

export const nodes = ['node-1', 'node-2', 'node-3'] as const;
export const nodeIp = (n: number) => `172.31.0.${10 + n}`;
/** Two probe pods per node, in the node's seed block 10.32.<n>.0/24. */
export const probePod = (n: number, k: 0 | 1): ProbeEndpoint => ({ node: `node-${n}`, pod: `podnet-check/probe-${n}-${k}`, ip: `10.32.${n}.${100 + k}` });
export const hostEnd = (n: number): ProbeEndpoint => ({ node: `node-${n}`, ip: nodeIp(n) });

const probe = (from: ProbeEndpoint, to: ProbeEndpoint, kind: ProbeKind, protocol: ProbeProtocol, extra: Partial<ProbeResult> = {}): ProbeResult => ({
  from,
  to,
  kind,
  protocol,
  ok: true,
  sourcePreserved: protocol === 'tcp' || protocol === 'udp' ? (kind === 'external' ? null : true) : null,
  ...(protocol === 'tcp' || protocol === 'udp' ? (kind === 'external' ? {} : { sourceSeen: from.ip }) : {}),
  latencyMs: 0.4,
  ...extra,
});

/** Every kind the check knows, all passing. */
export function passingPairs(): ProbeResult[] {
  const pairs: ProbeResult[] = [];
  for (let a = 1; a <= 3; a++) {
    pairs.push(probe(probePod(a, 0), probePod(a, 1), 'same-node', 'tcp'), probe(probePod(a, 0), probePod(a, 1), 'same-node', 'udp'));
    for (let b = 1; b <= 3; b++) {
      if (a === b) continue;
      pairs.push(
        probe(probePod(a, 0), probePod(b, 0), 'cross-node', 'tcp'),
        probe(probePod(a, 0), probePod(b, 0), 'cross-node', 'udp'),
        probe(probePod(a, 0), probePod(b, 0), 'cross-node', 'icmp'),
      );
      pairs.push(probe(probePod(a, 0), probePod(b, 0), 'mtu', 'icmp', { bytes: 1472 }));
    }
    for (let b = 1; b <= 3; b++) {
      pairs.push(probe(probePod(a, 0), hostEnd(b), 'pod-node', 'tcp'));
      pairs.push(probe(hostEnd(a), probePod(b, 0), 'node-pod', 'tcp'));
    }
    pairs.push(probe(probePod(a, 0), { name: 'kubernetes.default', ip: '10.96.0.1' }, 'service', 'tcp', { sourcePreserved: null }));
    pairs.push(probe(probePod(a, 0), { name: 'kubernetes.default', ip: '10.96.0.10' }, 'dns', 'dns'));
    pairs.push(probe(probePod(a, 0), { name: '198.18.200.1:443' }, 'external', 'tcp'));
  }
  return pairs;
}

export function report(pairs: ProbeResult[], missing?: CheckReport['missing']): CheckReport {
  return {
    schemaVersion: checkSchemaVersion,
    context: 'podnet-lab',
    startedAt: '2026-12-01T22:00:00Z',
    durationMs: 4200,
    pairs,
    summary: summarise(pairs),
    ...(missing ? { missing } : {}),
  };
}

/** Changes every probe matching `pick`. */
export const breakWhere = (pairs: ProbeResult[], pick: (p: ProbeResult) => boolean, change: Partial<ProbeResult>): ProbeResult[] =>
  pairs.map((p) => (pick(p) ? { ...p, ...change } : p));

export const failed = { ok: false, latencyMs: null, sourcePreserved: null, error: 'timeout after 2000 ms' } as const;
