// The identity of a Kubernetes object, for matching extractors and naming components.
import type { YNode } from '../yamlTree';
import { get, getPath, str } from '../yamlTree';

export interface ObjectMeta {
  readonly apiVersion: string;
  readonly group: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
  readonly labels: ReadonlyMap<string, string>;
}

export function objectMeta(root: YNode): ObjectMeta {
  const apiVersion = str(get(root, 'apiVersion')) ?? '';
  const labels = new Map<string, string>();
  const l = getPath(root, 'metadata', 'labels');
  if (l?.kind === 'map') { for (const p of l.pairs) labels.set(p.keyText, str(p.value) ?? ''); }
  return {
    apiVersion,
    group: apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '',
    kind: str(get(root, 'kind')) ?? '',
    name: str(getPath(root, 'metadata', 'name')) ?? '',
    namespace: str(getPath(root, 'metadata', 'namespace')) ?? '',
    labels,
  };
}

export const describeObject = (m: ObjectMeta): string => `${m.kind}${m.name ? ` ${m.namespace ? `${m.namespace}/` : ''}${m.name}` : ''}`;
