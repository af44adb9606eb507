// `npm run build`: bundle the server and build the web app (each only when its sources changed).
import { buildServer, buildWeb, ensureDependencies } from './lib.mjs';

const args = new Set(process.argv.slice(2));
const force = args.has('--force');
ensureDependencies();
if (!args.has('--web')) await buildServer({ force });
if (!args.has('--server')) buildWeb({ force });
