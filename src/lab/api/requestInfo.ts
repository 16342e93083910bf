// Turns an API path into what it addresses, like the apiserver's RequestInfoFactory.

export interface RequestInfo {
  readonly group: string;
  readonly version: string;
  readonly plural: string;
  readonly namespace?: string;
  readonly name?: string;
  readonly subresource?: string;
}

/** undefined for non-resource paths (/version, /api, /apis/apps, /healthz...). */
export function parseResourcePath(pathname: string): RequestInfo | undefined {
  const parts = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  let group: string;
  let version: string;
  let rest: string[];
  if (parts[0] === 'api' && parts.length >= 3) {
    group = '';
    version = parts[1];
    rest = parts.slice(2);
  } else if (parts[0] === 'apis' && parts.length >= 4) {
    group = parts[1];
    version = parts[2];
    rest = parts.slice(3);
  } else return undefined;
  // /namespaces/NAME/status and /namespaces/NAME/finalize are subresources of the namespace itself.
  if (rest[0] === 'namespaces' && rest.length >= 3 && !(rest.length === 3 && (rest[2] === 'status' || rest[2] === 'finalize'))) {
    const [, namespace, plural, name, subresource] = rest;
    return { group, version, plural, namespace, name, subresource };
  }
  const [plural, name, subresource] = rest;
  return { group, version, plural, name, subresource };
}
