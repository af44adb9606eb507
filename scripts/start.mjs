// `npm start`: install dependencies if missing, build, then run the server, which migrates,
// loads reference (and, in demo mode, demo) data and serves the web app and API.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { buildServer, buildWeb, ensureDependencies, root } from './lib.mjs';

ensureDependencies();
await buildServer();
buildWeb();
const child = spawn(process.execPath, ['--enable-source-maps', join(root, 'apps/server/dist/main.js')], {
  stdio: 'inherit',
  cwd: root,
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
