// @ts-check
/**
 * Issue 16 bench: `defi-contagion simulate fixtures/ethereum-2025-10-01.json --shock ETH=-30%` timed as a whole
 * process (node start, load, the 49,800 generated borrowers, the cascade and the default Shapley exposure, the
 * printed report). Target: < 5 s. Also reported, without a target: the same run with `--exposure none`, to separate
 * the cascade from the exposure game (2^n coalition cascades over the n protocols, issuers included).
 * And the whole back-test (`node scripts/backtest.js --json`, every event of fixtures/history/), target < 60 s.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Wall time of one process, seconds; throws when it fails. @param {string[]} args @param {string} [script] */
function timed(args, script = 'dist/cli/main.js') {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [script, ...args], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28 });
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  // 3: the cascade ran but did not settle within the round limit (the result is printed): still a timing.
  if (r.status !== 0 && r.status !== 3) throw new Error(`simulate exited ${r.status}: ${r.stderr.split('\n')[0]}`);
  return s;
}

export default async function () {
  const args = ['simulate', 'fixtures/ethereum-2025-10-01.json', '--shock', 'ETH=-30%'];
  const none = timed([...args, '--exposure', 'none']);
  const full = timed(args);
  const backtest = timed(['--json'], 'scripts/backtest.js');
  return [
    { name: 'the whole back-test (scripts/backtest.js)', figure: backtest, unit: 's', target: 60, better: 'lower' },
    { name: 'simulate ethereum-2025-10-01 ETH=-30%, default options (whole process)', figure: full, unit: 's', target: 5, better: 'lower' },
    { name: 'the same with --exposure none (whole process)', figure: none, unit: 's', target: null, better: 'lower' },
  ];
}
