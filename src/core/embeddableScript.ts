// A bundled script as it travels inside a ConfigMap (the CNI agent, the check's probe).

/** Strips the source-map comment esbuild leaves at the end: the map does not travel with the script. */
export function embeddableScript(script: string): string {
  return script.replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n');
}
