/**
 * `npm run bench:data -- --students 1000000 --jobs 100000 --seed 42`: writes the matching benchmark's
 * deterministic data set to bench/.data/<students>-<jobs>-<seed>/ (students.tsv, jobs.tsv) and prints
 * a JSON summary (counts, bytes, seconds).
 */
import { parseArgs } from 'node:util';
import { generate } from './match-data';

const { values: args } = parseArgs({
  options: {
    students: { type: 'string', default: '1000000' },
    jobs: { type: 'string', default: '100000' },
    seed: { type: 'string', default: '42' },
  },
});
const opts = { students: Number(args.students), jobs: Number(args.jobs), seed: Number(args.seed) };
for (const [k, v] of Object.entries(opts)) {
  if (!Number.isInteger(v) || v < 0) throw new Error(`--${k} must be a non-negative integer`);
}
process.stdout.write(`${JSON.stringify(await generate(opts))}\n`);
