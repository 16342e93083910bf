// dist/cli.js, the `podnet` and `kubectl-podnet` executable: runs the CLI bundle next to it
// (dist/cliMain.js, built from bin.ts) through the code cache, one per command.
import { join } from 'node:path';
import { requireBundle } from './codeCache';

const command = process.argv[2] ?? '';
requireBundle(join(__dirname, 'cliMain.js'), /^[a-z][a-z-]{0,19}$/.test(command) ? command : 'other');
