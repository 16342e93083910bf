// The one machine-readable line `podnet lab up` prints once its API answers, and its one reader:
// the extension's lab child process and the demo's launcher both wait for it instead of scraping
// the human text around it.
const PREFIX = 'podnet-lab-ready ';

export interface LabReady {
  readonly server: string;
  readonly kubeconfig: string;
}

export function formatLabReadyLine(ready: LabReady): string {
  return `${PREFIX}${JSON.stringify({ server: ready.server, kubeconfig: ready.kubeconfig })}\n`;
}

/** The ready line in `output` (what the lab printed so far), once it is complete. */
export function parseLabReadyLine(output: string): LabReady | undefined {
  const at = output.indexOf(PREFIX);
  if (at < 0) return undefined;
  const end = output.indexOf('\n', at);
  if (end < 0) return undefined;
  try {
    const value = JSON.parse(output.slice(at + PREFIX.length, end)) as Partial<LabReady>;
    return typeof value.server === 'string' && typeof value.kubeconfig === 'string' ? { server: value.server, kubeconfig: value.kubeconfig } : undefined;
  } catch {
    return undefined;
  }
}
