/**
 * Command-line figures for `npm run bench`: the cold start of `suanpan schedule` (a new Node process
 * that loads the bundled command line, reads the README's request on stdin and prints its schedule)
 * against the floor of starting Node itself, `node -e 0`, measured in the same run, interleaved so
 * that the machine's load falls on both alike. Target: within 3x of the floor.
 */
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const RUNS = 15;
const REQUEST = JSON.stringify({ principal: '100000', annualRate: '0.12', term: 12, method: 'equal-installment', disbursementDate: '2025-01-15' });

function spawnMs(args: string[], input: string): { ms: number; stdout: string } {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd: root, input, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status ?? r.signal}: ${r.stderr}`);
  return { ms, stdout: r.stdout };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? (s[s.length >> 1] as number) : ((s[s.length / 2 - 1] as number) + (s[s.length / 2] as number)) / 2;
};

export async function benchCli(): Promise<string[]> {
  console.log(`Command line (cold start: median of ${RUNS} spawns each, interleaved)`);
  const bin = join(root, 'src/cli/suanpan.mjs');
  const bundle = join(root, 'out/node/suanpan.cjs');
  // The bin builds out/node first if it is missing or older than the sources; this run is not timed.
  const first = spawnMs([bin, 'schedule'], REQUEST);
  if ((JSON.parse(first.stdout) as { payment: string }).payment !== '8884.88') throw new Error('suanpan schedule printed the wrong schedule');

  const floor: number[] = [];
  const bundled: number[] = [];
  const viaBin: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    floor.push(spawnMs(['-e', '0'], '').ms);
    bundled.push(spawnMs([bundle, 'schedule'], REQUEST).ms);
    viaBin.push(spawnMs([bin, 'schedule'], REQUEST).ms);
  }
  const f = median(floor);
  const b = median(bundled);
  const v = median(viaBin);
  const size = statSync(join(root, 'out/node/cli.cjs')).size;
  console.log(`  node -e 0 (the floor)              ${f.toFixed(1).padStart(7)} ms`);
  console.log(`  suanpan schedule, the bundle       ${b.toFixed(1).padStart(7)} ms, ${(b / f).toFixed(2)}x the floor (target <= 3x): ${b <= 3 * f ? 'met' : 'MISSED'}  [node out/node/suanpan.cjs; the bundle, cli.cjs, ${(size / 1024).toFixed(0)} KB]`);
  console.log(`  suanpan schedule, the bin          ${v.toFixed(1).padStart(7)} ms, ${(v / f).toFixed(2)}x the floor (what npx suanpan runs, with its check that the bundle is current)\n`);
  return [`CLI cold start: suanpan schedule ${b.toFixed(0)} ms (bin ${v.toFixed(0)} ms) vs node -e 0 ${f.toFixed(0)} ms: ${(b / f).toFixed(2)}x (target <= 3x)`];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await benchCli();
