// Which cluster(s) each range belongs to. In order: a `.podnet.yaml` cluster whose `files` match the
// file; the identity of the range's own document (else every identity its file declares); the
// clusters declared by files of its folder or the nearest folder above; else the default cluster.
// Cluster names are scoped by config: two repositories' "prod" are different clusters.
import type { FileExtract } from '../manifests/manifestFile';
import type { ClusterIdentity } from './clusterIdentity';
import { clusterIdentities } from './clusterIdentity';
import { globMatch, parentOf, relativeTo } from './glob';
import type { LintConfig } from './lintConfig';

export const DEFAULT_CLUSTER = 'default';

export interface ClusterRef {
  /** Unique within a lint run: the config's folder and the cluster's name. */
  readonly key: string;
  readonly name: string;
  readonly config: LintConfig;
}

/** How a file got its cluster, for hovers. */
export type Placement = 'config' | 'identity' | 'folder' | 'default';

export interface FileClusters {
  /** Clusters of the range starting at `offset` in the file. */
  at(offset: number): readonly ClusterRef[];
  /** Every cluster the file belongs to. */
  readonly all: readonly ClusterRef[];
  readonly how: Placement;
}

const identityCache = new WeakMap<FileExtract, ClusterIdentity[]>();
function identities(f: FileExtract): ClusterIdentity[] {
  let ids = identityCache.get(f);
  if (!ids) identityCache.set(f, ids = f.text ? clusterIdentities(f.text) : []);
  return ids;
}

/** `canonical`: the file's name in the notation config roots use (an absolute path, a URI). */
export function assignClusters(
  files: readonly FileExtract[],
  configOf: (file: string) => LintConfig,
  canonical: (file: string) => string = (f) => f,
): Map<string, FileClusters> {
  const refs = new Map<string, ClusterRef>();
  const ref = (config: LintConfig, name: string): ClusterRef => {
    const key = `${config.root}\u0000${name}`;
    let r = refs.get(key);
    if (!r) refs.set(key, r = { key, name, config });
    return r;
  };
  const out = new Map<string, FileClusters>();
  const pending: { file: string; config: LintConfig }[] = [];
  // Clusters each folder declares (by config patterns or identities of its files).
  const byFolder = new Map<string, ClusterRef[]>();
  const declare = (file: string, rs: readonly ClusterRef[]) => {
    const dir = parentOf(canonical(file));
    const list = byFolder.get(dir) ?? [];
    for (const r of rs) if (!list.includes(r)) list.push(r);
    byFolder.set(dir, list);
  };
  for (const f of files) {
    const config = configOf(f.file);
    const rel = relativeTo(config.root, canonical(f.file)) ?? f.file;
    const configured = config.clusters.filter((c) => c.files.some((p) => globMatch(p, rel))).map((c) => ref(config, c.name));
    if (configured.length) {
      out.set(f.file, { all: configured, at: () => configured, how: 'config' });
      declare(f.file, configured);
      continue;
    }
    const ids = identities(f);
    if (ids.length) {
      const all = [...new Set(ids.map((i) => i.name))].map((n) => ref(config, n));
      const own = ids.map((i) => ({ i, r: ref(config, i.name) }));
      out.set(f.file, {
        all,
        at: (offset) => {
          const hit = own.find((o) => o.i.docStart <= offset && offset < o.i.docEnd);
          return hit ? [hit.r] : all;
        },
        how: 'identity',
      });
      declare(f.file, all);
      continue;
    }
    pending.push({ file: f.file, config });
  }
  for (const { file, config } of pending) {
    let found: ClusterRef[] | undefined;
    const stop = config.file ? config.root : '';
    for (let dir = parentOf(canonical(file));; dir = parentOf(dir)) {
      found = byFolder.get(dir)?.filter((r) => r.config === config);
      if (found?.length || dir === '' || dir === stop || parentOf(dir) === dir) break;
    }
    const rs = found?.length ? found : [ref(config, DEFAULT_CLUSTER)];
    out.set(file, { all: rs, at: () => rs, how: found?.length ? 'folder' : 'default' });
  }
  return out;
}
