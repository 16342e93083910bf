// Which cluster a document describes, read from the identity its format carries. Read straight from
// each parsed document (not from the extractors), so a format counts even before Podnet reads its ranges.
import { splitDocuments } from '../manifests/documentSplit';
import type { YNode } from '../manifests/yamlTree';
import { get, getPath, parseYamlDocument, str } from '../manifests/yamlTree';

export interface ClusterIdentity {
  readonly name: string;
  /** What says so, e.g. `kubeadm ClusterConfiguration clusterName`. */
  readonly from: string;
  /** The document it was read from: [start, end) in the file. */
  readonly docStart: number;
  readonly docEnd: number;
}

// Cheap test before parsing: most documents (CRDs, RBAC, workloads) carry no identity at all.
const MAY_NAME_A_CLUSTER = /^(kind:\s*["']?(ClusterConfiguration|Cluster|ClusterConfig|InstallConfig)\b|baseDomain:|cluster:|cluster_name:)/m;

const metaName = (root: YNode) => str(getPath(root, 'metadata', 'name'));

/** The identity of one parsed document, if its format names a cluster. */
export function identityOf(root: YNode | undefined): { name: string; from: string } | undefined {
  if (root?.kind !== 'map') return undefined;
  const apiVersion = str(get(root, 'apiVersion')) ?? '';
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  const kind = str(get(root, 'kind')) ?? '';
  const found = (name: string | undefined, from: string) => (name && name.trim() ? { name: name.trim(), from } : undefined);
  if (kind === 'ClusterConfiguration' && group === 'kubeadm.k8s.io') return found(str(get(root, 'clusterName')), 'kubeadm ClusterConfiguration clusterName');
  if (kind === 'Cluster' && group === 'cluster.x-k8s.io') {
    const ns = str(getPath(root, 'metadata', 'namespace'));
    const name = metaName(root);
    return found(name && ns ? `${ns}/${name}` : name, 'Cluster API Cluster metadata');
  }
  if (kind === 'Cluster' && group === 'kind.x-k8s.io') return found(str(get(root, 'name')), 'kind Cluster name');
  if (kind === 'ClusterConfig' && group === 'eksctl.io') return found(metaName(root), 'eksctl ClusterConfig metadata.name');
  if (kind === 'Cluster' && group === 'kops.k8s.io') return found(metaName(root), 'kops Cluster metadata.name');
  if (kind === 'ClusterConfig' && group === 'k0s.k0sproject.io') return found(metaName(root), 'k0s ClusterConfig metadata.name');
  if (kind === 'Cluster' && group === 'provisioning.cattle.io') return found(metaName(root), 'Rancher Cluster metadata.name');
  // OpenShift install-config.yaml: apiVersion v1, no kind, baseDomain + networking.
  if (!kind && get(root, 'baseDomain') && get(root, 'metadata')) return found(metaName(root), 'OpenShift install-config metadata.name');
  // Talos machine config: machine + cluster sections, the name in cluster.clusterName.
  if (!kind && get(root, 'machine') && get(root, 'cluster')) return found(str(getPath(root, 'cluster', 'clusterName')), 'Talos cluster.clusterName');
  // RKE cluster.yml.
  if (!kind && get(root, 'nodes') && get(root, 'cluster_name')) return found(str(get(root, 'cluster_name')), 'RKE cluster_name');
  return undefined;
}

// Per document text, like the extract cache: a re-lint after an edit re-parses only the edited document.
const byDocument = new Map<string, { name: string; from: string } | null>();
const CACHE_LIMIT = 5_000;

const MAY_NAME_ALL = new RegExp(MAY_NAME_A_CLUSTER.source, 'gm');

/** The documents holding a candidate line: one scan of the file, then only those documents are split out. */
function candidateDocuments(text: string): { start: number; text: string }[] {
  const hits = [...text.matchAll(MAY_NAME_ALL)].map((m) => m.index ?? 0);
  if (!hits.length) return [];
  // Few documents name a cluster: cut the file at the `---` lines around each hit, then let
  // splitDocuments decide (directives, what follows the marker) within that stretch.
  const out = new Map<number, { start: number; text: string }>();
  for (const at of hits) {
    const before = text.lastIndexOf('\n---', at);
    const after = text.indexOf('\n---', at);
    const lo = before + 1;
    const hi = after < 0 ? text.length : after + 1;
    for (const chunk of splitDocuments(text.slice(lo, hi))) {
      const start = lo + chunk.start;
      if (start <= at && at < start + chunk.text.length) out.set(start, { start, text: chunk.text });
    }
  }
  return [...out.values()];
}

/** Every identity a YAML file declares, one per document that names its cluster. */
export function clusterIdentities(text: string): ClusterIdentity[] {
  const out: ClusterIdentity[] = [];
  for (const chunk of candidateDocuments(text)) {
    let id = byDocument.get(chunk.text);
    if (id === undefined) {
      const parsed = parseYamlDocument(chunk.text);
      id = (parsed.error ? undefined : identityOf(parsed.root)) ?? null;
      if (byDocument.size >= CACHE_LIMIT) byDocument.delete(byDocument.keys().next().value as string);
      byDocument.set(chunk.text, id);
    }
    if (id) out.push({ ...id, docStart: chunk.start, docEnd: chunk.start + chunk.text.length });
  }
  return out;
}
