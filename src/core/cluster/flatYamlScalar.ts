// `key: value` from a component's YAML config held in a ConfigMap (kube-proxy's config.conf,
// antrea-agent.conf) without a YAML parser: the keys read are flat scalars. The one reader of
// them, so network discovery and the data path cannot read the same line differently.

/** The value of the first `key:` line (quotes and a trailing comment dropped); undefined when absent or empty. */
export function flatYamlScalar(text: string | undefined, key: string): string | undefined {
  if (!text) return undefined;
  // Blanks, never \s: an empty `key:` must not take the next line as its value.
  const m = new RegExp(`^[ \\t]*${key}:[ \\t]*["']?([^"'#\\n]+?)["']?[ \\t]*(#.*)?$`, 'm').exec(text);
  return m?.[1]?.trim() || undefined;
}
