// Splits a multi-document YAML file at `---` lines without parsing it, and tells documents that
// may hold an address range from those that cannot (most of calico.yaml is CRD schemas).

export interface DocChunk { readonly start: number; readonly text: string }

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

const CRD = /^kind:\s*["']?CustomResourceDefinition["']?\s*$/m;
// An IPv4 address, something IPv6-shaped, or an object whose defaults are ranges even when it names none.
const ADDRESS_LIKE = /\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}|[0-9a-fA-F]{0,4}::|[0-9a-fA-F]{1,4}:[0-9a-fA-F]{1,4}:[0-9a-fA-F]{0,4}:/;
const DEFAULT_BEARING = /name:\s*["']?(weave|calico-node|cilium-config|ip-masq-agent)\b|kind:\s*["']?(ClusterConfiguration|Cluster|Installation|KubeletConfiguration|NetworkAttachmentDefinition)\b|k8s\.v1\.cni\.cncf\.io\/networks|ipalloc-range|podnet-bridge-cni|cluster-cidr|service-cidr|net-conf\.json|\.conflist|cni-conf\.json|cni_network_config|antrea-(agent|controller)\.conf/;

export function mayHoldRanges(doc: string): boolean {
  if (CRD.test(doc)) return false;
  return ADDRESS_LIKE.test(doc) || DEFAULT_BEARING.test(doc);
}
