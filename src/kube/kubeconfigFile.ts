// One kubeconfig file read the way kubectl (client-go's clientcmd) reads it: kubectl's field
// names, relative paths resolved against the file's folder (certificate-authority, client-
// certificate, client-key, tokenFile, and an exec command containing a path separator), an empty
// file skipped, and a wrong-typed field refused with the file and the field's path.
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve, sep } from 'node:path';
import { load } from 'js-yaml';
import type { Cluster, Context, User } from '@kubernetes/client-node';

/** An exec credential plugin (client.authentication.k8s.io ExecConfig), command already resolved. */
export interface ExecConfig {
  readonly apiVersion: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly env: readonly { readonly name: string; readonly value: string }[];
  readonly installHint?: string;
  readonly provideClusterInfo: boolean;
  readonly interactiveMode?: 'Never' | 'IfAvailable' | 'Always';
}

/** client-node's User plus what it has no field for (kubectl's `tokenFile`, a typed exec). */
export interface KubeUser extends User {
  readonly tokenFile?: string;
  readonly exec?: ExecConfig;
  /** The file that defined this user, for messages. */
  readonly sourceFile?: string;
}

export interface KubeCluster extends Cluster {
  readonly sourceFile?: string;
}

export interface KubeconfigFileData {
  readonly file: string;
  readonly clusters: readonly KubeCluster[];
  readonly users: readonly KubeUser[];
  readonly contexts: readonly Context[];
  readonly currentContext: string;
}

/** A kubeconfig kubectl would refuse too: which file, which field, why. */
export class KubeconfigError extends Error {
  constructor(
    readonly file: string,
    readonly field: string,
    why: string,
  ) {
    super(`kubeconfig ${file}${field ? `: ${field}` : ''}: ${why}`);
    this.name = 'KubeconfigError';
  }
}

type Raw = Record<string, unknown>;
const isObject = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads and checks one file; undefined for an empty file (kubectl skips it). Throws KubeconfigError. */
export function readKubeconfigFile(file: string): KubeconfigFileData | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new KubeconfigError(file, '', `cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  if (text.trim() === '') return undefined;
  let doc: unknown;
  try {
    doc = load(text);
  } catch (error) {
    throw new KubeconfigError(file, '', `not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  if (doc === null || doc === undefined) return undefined;
  if (!isObject(doc)) throw new KubeconfigError(file, '', 'is not a kubeconfig (expected a mapping with clusters, users and contexts)');
  return parseKubeconfig(file, doc);
}

function parseKubeconfig(file: string, doc: Raw): KubeconfigFileData {
  // kubectl resolves relative paths against the file's absolute folder, not the working directory.
  const dir = dirname(resolve(file));
  const abs = (p: string | undefined): string | undefined => (p === undefined || p === '' || isAbsolute(p) ? p : join(dir, p));
  const f = new Fields(file);
  const list = (key: string): { raw: Raw; path: string; name: string; body: Raw }[] => {
    const v = doc[key];
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) throw new KubeconfigError(file, key, 'must be a list');
    const inner = key === 'users' ? 'user' : key.slice(0, -1);
    return v.map((raw, i) => {
      const path = `${key}[${i}]`;
      if (!isObject(raw)) throw new KubeconfigError(file, path, 'must be a mapping with name and ' + inner);
      const name = f.str(raw, 'name', path) ?? '';
      const body = raw[inner] ?? {};
      if (!isObject(body)) throw new KubeconfigError(file, `${path}.${inner}`, 'must be a mapping');
      return { raw, path: `${path}.${inner}`, name, body };
    });
  };
  const clusters = list('clusters').map(({ name, body, path }): KubeCluster => {
    const caFile = abs(f.str(body, 'certificate-authority', path));
    const caData = f.str(body, 'certificate-authority-data', path);
    const tlsServerName = f.str(body, 'tls-server-name', path);
    const proxyUrl = f.str(body, 'proxy-url', path);
    return {
      name,
      server: f.str(body, 'server', path) ?? '',
      skipTLSVerify: f.bool(body, 'insecure-skip-tls-verify', path) ?? false,
      ...(caFile ? { caFile } : {}),
      ...(caData ? { caData } : {}),
      ...(tlsServerName ? { tlsServerName } : {}),
      ...(proxyUrl ? { proxyUrl } : {}),
      sourceFile: file,
    };
  });
  const users = list('users').map(({ name, body, path }): KubeUser => {
    const pick = (key: string, asPath = false) => (asPath ? abs(f.str(body, key, path)) : f.str(body, key, path));
    const entries: [keyof KubeUser, string | undefined][] = [
      ['token', pick('token')],
      ['tokenFile', pick('tokenFile', true)],
      ['certFile', pick('client-certificate', true)],
      ['certData', pick('client-certificate-data')],
      ['keyFile', pick('client-key', true)],
      ['keyData', pick('client-key-data')],
      ['username', pick('username')],
      ['password', pick('password')],
      ['impersonateUser', pick('as')],
    ];
    const exec = body['exec'] === undefined || body['exec'] === null ? undefined : parseExec(f, body['exec'], `${path}.exec`, dir);
    const authProvider = body['auth-provider'];
    return {
      name,
      ...Object.fromEntries(entries.filter(([, v]) => v !== undefined && v !== '')),
      ...(exec ? { exec } : {}),
      ...(isObject(authProvider) ? { authProvider } : {}),
      sourceFile: file,
    } as KubeUser;
  });
  const contexts = list('contexts').map(({ name, body, path }): Context => {
    const namespace = f.str(body, 'namespace', path);
    return { name, cluster: f.str(body, 'cluster', path) ?? '', user: f.str(body, 'user', path) ?? '', ...(namespace ? { namespace } : {}) };
  });
  return { file, clusters, users, contexts, currentContext: f.str(doc, 'current-context', '') ?? '' };
}

function parseExec(f: Fields, raw: unknown, path: string, dir: string): ExecConfig {
  if (!isObject(raw)) throw new KubeconfigError(f.file, path, 'must be a mapping');
  const command = f.str(raw, 'command', path) ?? '';
  const apiVersion = f.str(raw, 'apiVersion', path) ?? '';
  // client-go's validation: both are required.
  if (!command) throw new KubeconfigError(f.file, `${path}.command`, 'is required');
  if (!apiVersion) throw new KubeconfigError(f.file, `${path}.apiVersion`, 'is required');
  const args = raw['args'] ?? [];
  if (!Array.isArray(args) || args.some((a) => typeof a !== 'string')) throw new KubeconfigError(f.file, `${path}.args`, 'must be a list of strings');
  const envRaw = raw['env'] ?? [];
  if (!Array.isArray(envRaw)) throw new KubeconfigError(f.file, `${path}.env`, 'must be a list of {name, value}');
  const env = envRaw.map((e, i) => {
    if (!isObject(e) || typeof e['name'] !== 'string' || typeof (e['value'] ?? '') !== 'string') {
      throw new KubeconfigError(f.file, `${path}.env[${i}]`, 'must be {name: string, value: string}');
    }
    return { name: e['name'], value: (e['value'] as string | undefined) ?? '' };
  });
  const mode = f.str(raw, 'interactiveMode', path);
  if (mode !== undefined && mode !== 'Never' && mode !== 'IfAvailable' && mode !== 'Always') {
    throw new KubeconfigError(f.file, `${path}.interactiveMode`, `must be Never, IfAvailable or Always, not "${mode}"`);
  }
  // client-go: v1 has no default, v1beta1 defaults to IfAvailable.
  if (mode === undefined && apiVersion === 'client.authentication.k8s.io/v1') {
    throw new KubeconfigError(f.file, `${path}.interactiveMode`, 'must be specified for client.authentication.k8s.io/v1 (Never, IfAvailable or Always)');
  }
  const installHint = f.str(raw, 'installHint', path);
  return {
    apiVersion,
    // Like kubectl: a command with a path separator is relative to the kubeconfig; a bare name is looked up on PATH.
    command: command.includes(sep) && !isAbsolute(command) ? join(dir, command) : command,
    args: args as string[],
    env,
    provideClusterInfo: f.bool(raw, 'provideClusterInfo', path) ?? false,
    ...(installHint ? { installHint } : {}),
    ...(mode ? { interactiveMode: mode } : {}),
  };
}

/** Typed field access that names the offending field. */
class Fields {
  constructor(readonly file: string) {}

  str(obj: Raw, key: string, path: string): string | undefined {
    const v = obj[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string') throw new KubeconfigError(this.file, path ? `${path}.${key}` : key, `must be a string, not ${typeof v}`);
    return v;
  }

  bool(obj: Raw, key: string, path: string): boolean | undefined {
    const v = obj[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'boolean') throw new KubeconfigError(this.file, `${path}.${key}`, `must be true or false, not ${JSON.stringify(v)}`);
    return v;
  }
}
