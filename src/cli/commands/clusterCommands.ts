// The commands that talk to a cluster, and lint's live lookup, in one module: the build bundles it
// on its own (dist/clusterCommands.js, next to dist/cli.js), so `podnet lint` and `podnet rules`
// never compile the Kubernetes client (most of the CLI's code) at start-up.
export { inspectCommand } from './inspect';
export { cniCommand } from './cni';
export { labCommand } from './lab';
export { checkCommand } from './check';
export { connectCluster } from '../../kube/connectCluster';
export { cliKubeConfig } from '../cliKubeconfig';
