// `.podnet.yaml`: clusters by file pattern, networks that exist outside the manifests, a mesh,
// rule severities and ignored files. Parsed with positions so every error names file, line and key.
import { LineIndex } from '../manifests/lineIndex';
import type { YNode } from '../manifests/yamlTree';
import { parseYamlDocument, str } from '../manifests/yamlTree';
import type { Cidr } from '../net/cidr';
import { parseCidr } from '../net/cidr';
import { globMatch, relativeTo } from './glob';
import type { Severity } from './ruleCatalog';
import { ruleByCode } from './ruleCatalog';

export const CONFIG_FILE_NAME = '.podnet.yaml';

export type RuleSetting = Severity | 'off';
const SETTINGS: readonly RuleSetting[] = ['error', 'warning', 'information', 'hint', 'off'];

interface At {
  readonly span: { readonly start: number; readonly end: number };
}

export interface ConfigCluster extends At {
  readonly name: string;
  readonly files: readonly string[];
}
export interface ConfigNetwork extends At {
  readonly name: string;
  readonly cidr: Cidr;
  readonly text: string;
}

export interface LintConfig {
  /** The config file (path or URI, as the caller names files); '' for the built-in default. */
  readonly file: string;
  /** Its folder: `files` and `ignore` patterns are relative to it. */
  readonly root: string;
  readonly clusters: readonly ConfigCluster[];
  readonly networks: readonly ConfigNetwork[];
  readonly mesh: readonly string[];
  readonly meshSpan?: At['span'];
  readonly rules: Readonly<Record<string, RuleSetting>>;
  readonly ignore: readonly string[];
  /** The file's text, so findings can point into it. */
  readonly text: string;
}

export interface ConfigError {
  readonly file: string;
  /** 1-based, like compilers print them. */
  readonly line: number;
  readonly column: number;
  /** The key path, e.g. `networks[1].cidr`. */
  readonly key: string;
  readonly message: string;
  readonly span: At['span'];
}

export const emptyConfig = (root: string): LintConfig => ({ file: '', root, clusters: [], networks: [], mesh: [], rules: {}, ignore: [], text: '' });

const KEYS = new Set(['clusters', 'networks', 'mesh', 'rules', 'ignore']);

export function parseLintConfig(file: string, root: string, text: string): { config: LintConfig; errors: ConfigError[] } {
  const errors: ConfigError[] = [];
  const lines = new LineIndex(text);
  const fail = (node: { start: number; end: number } | undefined, key: string, message: string) => {
    const start = node?.start ?? 0;
    const p = lines.position(start);
    errors.push({ file, line: p.line + 1, column: p.character + 1, key, message, span: { start, end: Math.max(start + 1, node?.end ?? start + 1) } });
  };
  const out = { ...emptyConfig(root), file, text } as { -readonly [K in keyof LintConfig]: LintConfig[K] };
  const parsed = parseYamlDocument(text);
  if (parsed.error) {
    fail({ start: parsed.error.offset, end: parsed.error.offset + 1 }, '', `YAML syntax error: ${parsed.error.message}`);
    return { config: out, errors };
  }
  const root0 = parsed.root;
  if (!root0 || (root0.kind === 'scalar' && root0.value === null)) return { config: out, errors };
  if (root0.kind !== 'map') {
    fail(root0, '', 'must be a mapping with the keys clusters, networks, mesh, rules, ignore');
    return { config: out, errors };
  }
  const strings = (node: YNode | undefined, key: string): string[] => {
    if (node?.kind !== 'seq') {
      fail(node, key, 'must be a list of strings');
      return [];
    }
    const xs: string[] = [];
    node.items.forEach((item, i) => {
      const s = item.kind === 'scalar' && typeof item.value === 'string' && item.value !== '' ? item.value : undefined;
      if (s === undefined) fail(item, `${key}[${i}]`, 'must be a non-empty string');
      else xs.push(s);
    });
    return xs;
  };
  const named = (item: YNode, key: string, allowed: string[]): string | undefined => {
    if (item.kind !== 'map') {
      fail(item, key, `must be a mapping with ${allowed.join(' and ')}`);
      return undefined;
    }
    for (const p of item.pairs) if (!allowed.includes(p.keyText)) fail(p.key, `${key}.${p.keyText}`, `unknown key (expected ${allowed.join(', ')})`);
    const nameNode = item.pairs.find((p) => p.keyText === 'name')?.value;
    const name = str(nameNode);
    if (!name) {
      fail(nameNode ?? item, `${key}.name`, 'a name is required');
      return undefined;
    }
    return name;
  };
  for (const pair of root0.pairs) {
    const key = pair.keyText;
    const v = pair.value;
    if (!KEYS.has(key)) {
      fail(pair.key, key, `unknown key (expected ${[...KEYS].join(', ')})`);
      continue;
    }
    if (key === 'clusters' || key === 'networks') {
      if (v?.kind !== 'seq') {
        fail(v ?? pair.key, key, 'must be a list');
        continue;
      }
      const seen = new Set<string>();
      v.items.forEach((item, i) => {
        const k = `${key}[${i}]`;
        const name = named(item, k, key === 'clusters' ? ['name', 'files'] : ['name', 'cidr']);
        if (!name || item.kind !== 'map') return;
        if (seen.has(name)) {
          fail(item, `${k}.name`, `"${name}" is declared twice`);
          return;
        }
        seen.add(name);
        const second = item.pairs.find((p) => p.keyText === (key === 'clusters' ? 'files' : 'cidr'));
        if (key === 'clusters') {
          const files = second ? strings(second.value, `${k}.files`) : [];
          if (!second) fail(item, `${k}.files`, 'files (a list of glob patterns) is required');
          out.clusters = [...out.clusters, { name, files, span: { start: item.start, end: item.end } }];
          return;
        }
        const text = str(second?.value);
        if (!second || !text) {
          fail(second?.value ?? item, `${k}.cidr`, 'a CIDR is required');
          return;
        }
        const c = parseCidr(text.trim());
        if (!c.ok) {
          fail(second.value, `${k}.cidr`, c.error);
          return;
        }
        out.networks = [...out.networks, {
          name,
          cidr: c.cidr,
          text: text.trim(),
          span: { start: second.value?.start ?? item.start, end: second.value?.end ?? item.end },
        }];
      });
    } else if (key === 'mesh') {
      out.mesh = strings(v, key);
      if (v) out.meshSpan = { start: v.start, end: v.end };
      if (new Set(out.mesh).size !== out.mesh.length) fail(v, key, 'names a cluster twice');
      else if (out.mesh.length === 1) fail(v, key, 'a mesh needs at least two clusters');
    } else if (key === 'rules') {
      if (v?.kind !== 'map') {
        fail(v ?? pair.key, key, 'must be a mapping of rule code to severity');
        continue;
      }
      const rules: Record<string, RuleSetting> = {};
      for (const p of v.pairs) {
        const code = p.keyText.toUpperCase();
        if (!ruleByCode.has(code)) {
          fail(p.key, `rules.${p.keyText}`, `unknown rule (podnet rules lists them)`);
          continue;
        }
        if (ruleByCode.get(code)?.scope === 'cluster') {
          fail(p.key, `rules.${p.keyText}`, `${code} is a finding of the live cluster, not a lint rule: its severity is fixed`);
          continue;
        }
        const s = p.value?.kind === 'scalar' ? (p.value.value === false ? 'off' : str(p.value)) : undefined;
        if (!SETTINGS.includes(s as RuleSetting)) {
          fail(p.value ?? p.key, `rules.${p.keyText}`, `must be one of ${SETTINGS.join(', ')}`);
          continue;
        }
        rules[code] = s as RuleSetting;
      }
      out.rules = rules;
    } else out.ignore = strings(v, key);
  }
  return { config: out, errors };
}

/** Whether `file` is left out by the config's `ignore` patterns. */
export function isIgnored(config: LintConfig, file: string): boolean {
  if (!config.ignore.length) return false;
  const rel = relativeTo(config.root, file);
  return rel !== undefined && config.ignore.some((p) => globMatch(p, rel));
}

export const formatConfigError = (e: ConfigError): string => `${e.file}:${e.line}:${e.column}: ${e.key ? `${e.key}: ` : ''}${e.message}`;
