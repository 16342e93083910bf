// Entry of the node agent, bundled to dist/agent.js and embedded in the manifest's ConfigMap. Node's
// standard library only, so it runs in a stock Node image.
import { readAgentConfig } from './agentConfig';
import { ApiClient } from '../../kube/inClusterApiClient';
import { NodeAgent } from './nodeAgent';
import { hostSystem } from './nodeSystem';
import { RouteProgrammer } from './routeProgrammer';
import { routeProtocol } from '../names';

const log = (text: string): void => {
  process.stdout.write(`${new Date().toISOString()} ${text}\n`);
};

async function main(): Promise<void> {
  const config = readAgentConfig(process.env);
  const api = new ApiClient(config.apiServer, config.tokenFile, config.caFile);
  const agent = new NodeAgent(
    config,
    api,
    new RouteProgrammer(config.ipCommand, routeProtocol, config.nodeName),
    log,
    hostSystem(config.ipCommand, config.procSys, config.firewallDir),
  );
  const controller = new AbortController();
  // SIGTERM is a restart or an upgrade: leave routes and conflist in place (pods keep working).
  // Clean-up happens only on the explicit `state: remove` signal.
  process.once('SIGTERM', () => controller.abort());
  process.once('SIGINT', () => controller.abort());
  log(`podnet agent starting on node ${config.nodeName}, API ${config.apiServer}`);
  await agent.run(controller.signal);
  log('podnet agent stopped');
}

main().catch((error: unknown) => {
  process.stderr.write(`podnet agent: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
