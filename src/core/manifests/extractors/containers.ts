// Finds container specs anywhere in an object (DaemonSet, List items, or a pasted fragment).
import type { YMap, YNode } from '../yamlTree';
import { get, items, str } from '../yamlTree';

export interface ContainerRef {
  readonly name: string;
  readonly node: YMap;
  readonly nameNode: YNode;
}

export function findContainers(root: YNode, depth = 0, out: ContainerRef[] = []): ContainerRef[] {
  if (depth > 12) return out;
  if (root.kind === 'map') {
    for (const p of root.pairs) {
      if ((p.keyText === 'containers' || p.keyText === 'initContainers') && p.value?.kind === 'seq') {
        for (const c of items(p.value)) {
          const nameNode = get(c, 'name');
          if (c.kind === 'map' && nameNode) out.push({ name: str(nameNode) ?? '', node: c, nameNode });
        }
      } else if (p.value) findContainers(p.value, depth + 1, out);
    }
  } else if (root.kind === 'seq') { for (const i of root.items) findContainers(i, depth + 1, out); }
  return out;
}

/** The value node of env[name=NAME] (a plain `value:`, not valueFrom). */
export function envValue(container: YNode, name: string): YNode | undefined {
  for (const e of items(get(container, 'env'))) if (str(get(e, 'name')) === name) return get(e, 'value');
  return undefined;
}

/** A `--flag=value` in command/args: the scalar holding it and where the value starts within it. */
export function argValue(container: YNode, flag: string): { node: YNode; offset: number } | undefined {
  for (const key of ['command', 'args']) {
    for (const a of items(get(container, key))) {
      const s = str(a);
      if (s?.startsWith(`${flag}=`)) return { node: a, offset: flag.length + 1 };
    }
  }
  return undefined;
}
