// Splits a multi-document YAML file at `---` lines without parsing it, and tells documents that
// may hold an address range from those that cannot (most of calico.yaml is CRD schemas).
import { EXTRACTED_KINDS, WORKLOAD_KINDS } from './extractors/extractedKinds';

export interface DocChunk {
  readonly start: number;
  readonly text: string;
}

export function splitDocuments(text: string): DocChunk[] {
  // One native regex scan for `---` at a line start (fast on multi-megabyte files).
  const chunks: DocChunk[] = [];
  let docStart = 0;
  for (const m of text.matchAll(/^---(?=[ \t\r\n]|$)/gm)) {
    const at = m.index ?? 0;
    if (at <= docStart) continue;
    // `%YAML`/`%TAG` directives belong to the document their `---` starts: keep them together.
    const before = text.slice(docStart, at);
    if (/^%/m.test(before) && !/^(?![ \t]*(#|%|\r?$))/m.test(before)) continue;
    chunks.push({ start: docStart, text: text.slice(docStart, at) });
    docStart = at;
  }
  chunks.push({ start: docStart, text: text.slice(docStart) });
  return chunks;
}

// The document's top-level kind (a `kind:` key at column 0); quoted keys or flow style give none.
const TOP_KIND = /^kind:[ \t]*(["']?)([A-Za-z0-9]+)\1[ \t]*(?:#.*)?$/m;
// Workloads hold ranges only in the containers and annotation the workload extractor reads.
const WORKLOAD_READ = /\bname["']?[ \t]*:[ \t]*["']?(weave|calico-node)\b|k8s\.v1\.cni\.cncf\.io\/networks/;

/**
 * Whether a document may hold a range, decided by its kind alone, never by what its values look
 * like: a typo such as `192.168.10/24` must still reach the extractor and be reported. Skipped
 * unparsed: kinds no extractor reads (CRD schemas, RBAC, Services...), and workloads without the
 * containers or annotation that carry ranges.
 */
export function mayHoldRanges(doc: string): boolean {
  const kind = TOP_KIND.exec(doc)?.[2];
  if (kind === undefined) return true;
  if (!EXTRACTED_KINDS.has(kind)) return false;
  return !WORKLOAD_KINDS.has(kind) || WORKLOAD_READ.test(doc);
}
