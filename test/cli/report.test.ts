import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './harness.js';
import { loadNetwork } from '../../src/network/load.js';
import { simulateCascade } from '../../src/cascade/simulate.js';
import type { ReportData } from '../../src/report/model.js';
import { renderReport } from '../../src/report/render.js';

const cli = (...argv: string[]) => runCli(argv);

const REAL = 'fixtures/ethereum-2025-10-01.json';
const EXAMPLE = 'fixtures/examples/two-lenders-shared-eth.json';
const dir = mkdtempSync(join(tmpdir(), 'defi-contagion-report-'));

describe('defi-contagion report', () => {
  it('the README\'s command makes the HTML report of the real fixture in one step', () => {
    const out = join(dir, 'report.html');
    // As the README has it: the installed binary (npm test builds dist/ first).
    const p = spawnSync(process.execPath, ['dist/cli/main.js', 'report', REAL, '--shock', 'ETH=-30%', '--out', out], { encoding: 'utf8' });
    expect(p.stderr).toBe('');
    expect(p.status).toBe(0);
    expect(p.stdout).toMatch(/report\.html: html report of Ethereum lending on 1 October 2025 — \d,?\d{3} liquidations, 337 rounds\n$/);
    const html = readFileSync(out, 'utf8');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    for (const chart of ['network', 'prices', 'liquidations', 'exposure']) expect(html).toContain(`data-chart="${chart}"`);
    expect(html).toContain('<h2>What would have stopped it</h2>');
    const readme = readFileSync('README.md', 'utf8');
    expect(readme).toContain(`npx defi-contagion report ${REAL} --shock ETH=-30% --out report.html`);
    expect(readme).toContain('![The HTML report of the Ethereum fixture of 1 October 2025, ETH −30%](docs/report.png)');
    expect(existsSync('docs/report.png')).toBe(true);
  });

  it('the format follows the extension; the JSON report holds simulateCascade\'s numbers on the same input', async () => {
    const json = join(dir, 'r.json');
    const r = await cli('report', EXAMPLE, '--shock', 'ETH=-30%', '--out', json, '--policy', 'cap:250000');
    expect(r).toMatchObject({ code: 0, err: '' });
    const data = JSON.parse(readFileSync(json, 'utf8')) as ReportData;
    const expected = simulateCascade(await loadNetwork(EXAMPLE), { name: 'shock ETH=-30%', shocks: { ETH: -0.3 } });
    expect(data.totals).toEqual(expected.totals);
    expect(data.protocols).toEqual(expected.protocols);
    expect(data.policies!.policies.map((p) => p.label)).toEqual(['cap:250000']);
    // --workers spreads the exposure game's cascades too (not only the Monte Carlo's paths): the same bytes for any count.
    const one = join(dir, 'w1.json');
    const two = join(dir, 'w2.json');
    expect(await cli('report', EXAMPLE, '--shock', 'ETH=-30%', '--out', one, '--policy', 'cap:250000', '--workers', '1')).toMatchObject({ code: 0, err: '' });
    expect(await cli('report', EXAMPLE, '--shock', 'ETH=-30%', '--out', two, '--policy', 'cap:250000', '--workers', '2')).toMatchObject({ code: 0, err: '' });
    expect(readFileSync(two, 'utf8')).toBe(readFileSync(one, 'utf8'));
    expect(readFileSync(one, 'utf8')).toBe(readFileSync(json, 'utf8'));
    const md = join(dir, 'r.md');
    expect((await cli('report', EXAMPLE, '--shock', 'ETH=-30%', '--out', md, '--no-policies', '--title', 'Two lenders')).code).toBe(0);
    const text = readFileSync(md, 'utf8');
    expect(text.startsWith('# Two lenders\n')).toBe(true);
    expect(text).not.toContain('What would have stopped it');
  });

  it('--levels adds the liquidation levels of an asset (by symbol), --level-count and --level-max-fall shape them', async () => {
    const md = join(dir, 'levels.md');
    const r = await cli('report', EXAMPLE, '--shock', 'ETH=-30%', '--out', md, '--no-policies', '--levels', 'eth', '--level-count', '4', '--level-max-fall', '0.25');
    expect(r).toMatchObject({ code: 0, err: '' });
    const text = readFileSync(md, 'utf8');
    expect(text).toContain('## Liquidation levels: ETH');
    // Four levels of $500; cascades at 0% and 25% only: $2,000 and $1,500 have them, $1,000 and $500 do not.
    const rows = text.split('\n').filter((l) => /^\| \$[\d,.]+ \| \d+\.\d% \|/.test(l));
    expect(rows.map((l) => l.split(' | ')[0])).toEqual(['| $2,000', '| $1,500', '| $1,000', '| $500.00']);
    expect(rows.map((l) => l.split(' | ')[4] !== '—')).toEqual([true, true, false, false]);
    const mistakes: [string[], RegExp][] = [
      [['--levels', 'NOPE'], /^defi-contagion: unknown asset "NOPE"; expected an id or a symbol of ETH, USDC\n$/],
      [['--levels', 'ETH', '--level-count', '60'], /--level-count.*expected a whole number of levels from 1 to 50/],
      [['--level-max-fall', '0.5'], /^defi-contagion: --level-count and --level-max-fall shape --levels <ASSET>; give the asset\n$/],
    ];
    for (const [args, message] of mistakes) {
      const x = await cli('report', EXAMPLE, '--shock', 'ETH=-30%', '--out', join(dir, 'bad.md'), ...args);
      expect(x.err).toMatch(message);
      expect(x.code).toBe(2);
    }
    expect(existsSync(join(dir, 'bad.md'))).toBe(false);
  });

  it('a settled run whose analyses did not all settle: the report says so, stderr names them, exit 3', async () => {
    const md = join(dir, 'late.md');
    // ETH −5% settles in one round; the level cascade at a 25% fall needs many more than --max-rounds 2.
    const r = await cli('report', EXAMPLE, '--shock', 'ETH=-5%', '--max-rounds', '2', '--no-policies', '--levels', 'ETH', '--level-count', '4', '--level-max-fall', '0.25', '--out', md);
    expect(r.code).toBe(3);
    expect(r.err).toBe('defi-contagion: not settled within the round limit: 1 of 2 liquidation-level cascades (the report says so too; raise --max-rounds)\n');
    expect(readFileSync(md, 'utf8')).toContain('Not settled within the round limit: 1 of 2 liquidation-level cascades. Their figures below are where the round limit stopped them, not fixed points.');
    // The same report with room to settle exits 0 and says nothing of it.
    const ok = await cli('report', EXAMPLE, '--shock', 'ETH=-5%', '--no-policies', '--levels', 'ETH', '--level-count', '4', '--level-max-fall', '0.25', '--out', md);
    expect(ok).toMatchObject({ code: 0, err: '' });
    expect(readFileSync(md, 'utf8')).not.toContain('Not settled');
  });

  it('mistakes: one line on stderr and exit 2, nothing written', async () => {
    const cases: [string[], RegExp][] = [
      [['--out', join(dir, 'x.pdf')], /^defi-contagion: --out .*x\.pdf: the report's format comes from the extension; expected \.html, \.md or \.json\n$/],
      [['--out', join(dir, 'x.md'), '--policy', 'breaker:-5'], /^defi-contagion: --policy parsePolicy: "breaker:-5": fall: expected a fall in \(0, 1\) \(see report --help for the forms\)\n$/],
      [['--out', join(dir, 'x.md'), '--policy', 'cap:1000', '--no-policies'], /^defi-contagion: --no-policies and --policy contradict each other; give one\n$/],
      [['--out', join(dir, 'no-such-dir', 'x.md')], /^defi-contagion: cannot write .*x\.md: ENOENT\n$/],
    ];
    for (const [args, message] of cases) {
      const r = await cli('report', EXAMPLE, '--shock', 'ETH=-30%', ...args);
      expect(r.err).toMatch(message);
      expect(r.code).toBe(2);
    }
    expect(existsSync(join(dir, 'x.pdf'))).toBe(false);
    const missing = await cli('report', EXAMPLE, '--shock', 'ETH=-30%');
    expect(missing.code).toBe(2);
    expect(missing.err).toContain("required option '--out <file>' not specified");
  });

  it('--systemic, --critical and --paths add their sections: the JSON equals renderReport\'s with the same options', async () => {
    const json = join(dir, 'analyses.json');
    const r = await cli('report', EXAMPLE, '--shock', 'ETH=-30%', '--out', json, '--no-policies', '--systemic', 'badDebt', '--critical', 'ETH', '--critical', 'ETH=0.5', '--criterion', 'loss:1000000', '--step', '2%', '--paths', '30', '--horizon', '7d', '--seed', '5', '--confidence', '90%,99%');
    expect(r).toMatchObject({ code: 0, err: '' });
    const data = JSON.parse(readFileSync(json, 'utf8')) as ReportData;
    const network = await loadNetwork(EXAMPLE);
    const result = simulateCascade(network, { name: 'shock ETH=-30%', shocks: { ETH: -0.3 } }, { roundSeconds: 60, maxRounds: 1000, exposure: 'shapley' });
    const criterion = { kind: 'loss' as const, aboveUsd: 1_000_000 };
    const expected = JSON.parse(
      await renderReport(network, result, {
        format: 'json',
        policies: null,
        systemic: { matrix: 'badDebt' },
        critical: [{ asset: 'ETH', criterion, step: 0.02 }, { basket: { ETH: 0.5 }, criterion, step: 0.02 }],
        monteCarlo: { paths: 30, horizon: '7d', seed: 5, confidence: [0.9, 0.99] },
      }),
    ) as ReportData;
    expect(data.systemic).toEqual(expected.systemic);
    expect(data.systemic!.matrix).toBe('badDebt');
    expect(data.critical).toEqual(expected.critical);
    expect(data.critical!.map((c) => c.description)).toEqual(['loss to lenders above $1,000,000', 'loss to lenders above $1,000,000']);
    // The paths ran on one thread per core (the command's default); nothing but manifest.execution records it.
    expect(data.monteCarlo!.summary.manifest.execution.workers).toBe(availableParallelism());
    const threads = (m: typeof data.monteCarlo) => ({ ...m!, summary: { ...m!.summary, manifest: { ...m!.summary.manifest, execution: null } } });
    expect(threads(data.monteCarlo)).toEqual(threads(expected.monteCarlo));
    expect(data.monteCarlo!.summary.valueAtRisk.map((v) => [v.horizon, v.confidence])).toEqual([['7d', 0.9], ['7d', 0.99]]);
  });

  it('analysis options: a mistake is one line on stderr and exit 2', async () => {
    const cases: [string[], string][] = [
      [['--horizon', '7d'], '--horizon shapes the Monte Carlo; add --paths n'],
      [['--seed', '1'], '--seed shapes the Monte Carlo; add --paths n'],
      [['--max-fall', '50%'], '--max-fall shapes the critical shocks; add --critical ASSET'],
      [['--paths', '0'], "option '--paths <n>' argument '0' is invalid. expected a whole number of paths from 1 to 10,000,000."],
      [['--paths', '5', '--workers', '1000'], "option '--workers <n>' argument '1000' is invalid. expected a whole number of worker threads from 1 to 256."],
      [['--paths', '5', '--seed', '-1'], "option '--seed <s>' argument '-1' is invalid. expected a whole-number seed from 0 to 4,294,967,295."],
      [['--paths', '5', '--horizon', '7x'], '--horizon expects a duration such as 24h, 7d, 30m or 900s, got "7x"'],
      [['--paths', '5', '--confidence', '95,99'], '--confidence expects levels in (0, 1) such as 0.95,0.99 or 95%,99%, got "95,99"'],
      [['--critical', 'BTC'], '--critical BTC: unknown asset "BTC"; expected an id or a symbol of ETH, USDC'],
      [['--critical', 'ETH', '--criterion', 'oops'], '--criterion expects badDebt[:USD], insolvent:PROTOCOL or loss:USD[:lossToLenders|badDebt|liquidatedCollateral], got "oops"'],
      [['--critical', 'ETH', '--criterion', 'insolvent:nobody'], 'criticalShock: criterion.protocol names an unknown protocol "nobody"; expected one of "lender-a", "lender-b"'],
      [['--critical', 'ETH', '--step', '1%', '--tolerance', '5%'], 'criticalShock: tolerance must be in (0, step = 0.01), got 0.05'],
    ];
    for (const [args, message] of cases) {
      const r = await cli('report', EXAMPLE, '--shock', 'ETH=-30%', '--no-policies', '--out', join(dir, 'mistake.md'), ...args);
      expect(r.err, args.join(' ')).toBe(`defi-contagion: ${message}\n`);
      expect(r.code, args.join(' ')).toBe(2);
    }
    expect(existsSync(join(dir, 'mistake.md'))).toBe(false);
  });

  it('the report with --paths reads the same for any --workers (the thread count is not part of what it says)', async () => {
    const one = join(dir, 'paths-w1.html');
    const two = join(dir, 'paths-w2.html');
    for (const [out, w] of [[one, '1'], [two, '2']] as const) expect(await cli('report', EXAMPLE, '--shock', 'ETH=-30%', '--no-policies', '--out', out, '--paths', '12', '--horizon', '7d', '--workers', w)).toMatchObject({ code: 0, err: '' });
    expect(readFileSync(two, 'utf8')).toBe(readFileSync(one, 'utf8'));
    expect(readFileSync(one, 'utf8')).toContain('12 paths of correlated one-off shocks over 7d');
  });

  it('--paths draws a Monte Carlo bar on stderr when it is a terminal, and nothing otherwise', async () => {
    const args = ['report', EXAMPLE, '--shock', 'ETH=-30%', '--no-policies', '--out', join(dir, 'bar.json'), '--paths', '12', '--horizon', '7d'];
    const tty = await runCli(args, { errIsTTY: true });
    expect(tty.code).toBe(0);
    expect(tty.err).toContain('montecarlo [');
    expect(tty.err).toContain('/12');
    const quiet = await runCli(args, { errIsTTY: false });
    expect(quiet).toMatchObject({ code: 0, err: '' });
  });

  it('a scenario file\'s options hold in the report as in simulate (hourly rounds)', async () => {
    const json = join(dir, 'curve.json');
    expect((await cli('report', 'fixtures/history/curve-2023.json', '--scenario', 'fixtures/history/curve-2023.scenario.json', '--no-policies', '--out', json)).code).toBe(0);
    const data = JSON.parse(readFileSync(json, 'utf8')) as ReportData;
    expect(data.run.roundSeconds).toBe(3600);
    expect(data.run.roundCount).toBe(97);
  });
});
