// Finds the bundled agent (dist/agent.js) that the manifest embeds. The CLI and the extension are
// bundled into dist/ next to it; from sources (tests) the repository's dist/ is used.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export function agentScriptCandidates(env: NodeJS.ProcessEnv = process.env): string[] {
  const here = typeof __dirname === 'string' ? __dirname : process.cwd();
  return [env.PODNET_AGENT_SCRIPT, join(here, 'agent.js'), resolve(here, '../../../dist/agent.js'), resolve(process.cwd(), 'dist/agent.js')].filter(
    (p): p is string => Boolean(p),
  );
}

export function loadAgentScript(env: NodeJS.ProcessEnv = process.env): string {
  const candidates = agentScriptCandidates(env);
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`the bundled node agent was not found (looked in ${candidates.join(', ')}); run \`npm run build\` first`);
  return readFileSync(found, 'utf8');
}
