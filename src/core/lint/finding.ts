// A lint finding with 0-based positions, related locations and fixes (text edits, possibly in
// several files). Plain data: the CLI prints it, VS Code turns it into diagnostics and code actions.
import type { Position } from '../manifests/lineIndex';
import type { Severity } from './ruleCatalog';

export interface Location {
  readonly file: string;
  readonly start: Position;
  readonly end: Position;
}

export interface RelatedLocation extends Location {
  readonly message: string;
}

export interface TextEdit extends Location {
  readonly newText: string;
}

export interface Fix {
  readonly title: string;
  readonly edits: readonly TextEdit[];
  readonly preferred?: boolean;
}

export interface Finding extends Location {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  /** The cluster a cluster-scoped finding is about (`default`: the repository's default cluster). */
  readonly cluster?: string;
  readonly related: readonly RelatedLocation[];
  readonly fixes: readonly Fix[];
  /** Live rules: the CIDRs of the connected cluster it names (node blocks, service network). */
  readonly clusterCidrs?: readonly string[];
}

/** Offsets before positions are known (rules work on offsets; the engine converts). */
export interface RawFinding {
  readonly code: string;
  readonly message: string;
  readonly file: string;
  readonly span: { start: number; end: number };
  readonly cluster?: string;
  readonly related?: { file: string; span: { start: number; end: number }; message: string }[];
  readonly fixes?: { title: string; edits: { file: string; span: { start: number; end: number }; newText: string }[]; preferred?: boolean }[];
  readonly clusterCidrs?: readonly string[];
}

/**
 * A raw finding with every field in one order (absent ones undefined), whichever rule emitted it:
 * the engine reads thousands of them, mostly before the JIT, and one shape keeps those reads cheap.
 */
export const rawFinding = (f: RawFinding, cluster = f.cluster): RawFinding => ({
  code: f.code,
  message: f.message,
  file: f.file,
  span: f.span,
  cluster,
  related: f.related,
  fixes: f.fixes,
  clusterCidrs: f.clusterCidrs,
});
