declare const PODNET_VERSION: string | undefined;

/** The version esbuild stamps into bundles; "dev" when running from source (tests). */
export function podnetVersion(): string {
  return typeof PODNET_VERSION === 'string' ? PODNET_VERSION : 'dev';
}
