import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './harness.js';

const cli = (...argv: string[]) => runCli(argv);

const example = (name: string) => `fixtures/examples/${name}.json`;
const examples = ['two-lenders-shared-eth', 'stablecoin-peg-venue', 'holding-linked-protocols'].map(example);

function tmpFile(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'defi-contagion-cli-'));
  writeFileSync(join(dir, name), text);
  return join(dir, name);
}

describe('defi-contagion validate', () => {
  it('passes every example network', async () => {
    const r = await cli('validate', ...examples);
    expect(r.code).toBe(0);
    expect(r.out).toContain('fixtures/examples/two-lenders-shared-eth.json: valid (2 assets, 1 venue, 2 protocols)');
    expect(r.out.trim().split('\n')).toHaveLength(3);
  });

  it('lists every problem of a malformed file by path and exits 1', async () => {
    const net = JSON.parse(JSON.stringify(await import('../../fixtures/examples/two-lenders-shared-eth.json', { with: { type: 'json' } }).then((m) => m.default)));
    net.assets[0].price = -1;
    net.protocols[0].markets[0].collaterals[0].liquidationThreshold = 1.1;
    net.venues[0].kind = 'amm';
    const file = tmpFile('bad.json', JSON.stringify(net));
    const r = await cli('validate', example('two-lenders-shared-eth'), file);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`${file}: 3 problems`);
    expect(r.out).toContain('  assets[0].price: expected a USD price > 0, got -1');
    expect(r.out).toContain('  protocols[0].markets[0].collaterals[0].liquidationThreshold: expected a number in (0, 1], got 1.1');
    expect(r.out).toContain('  venues[0].kind: expected kind to be one of "constantProduct", "concentrated", "stableswap", "orderBook", got "amm"');
  });

  it('a missing file is one line on stderr and exit code 2', async () => {
    const r = await cli('validate', 'no-such-file.json');
    expect(r).toEqual({ code: 2, out: '', err: 'defi-contagion: cannot read no-such-file.json: no such file\n' });
  });

  it('invalid JSON names the line and column, exit code 2', async () => {
    const file = tmpFile('broken.json', '{\n  "a": 1\n  "b": 2\n}');
    const r = await cli('validate', file);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(new RegExp(`^defi-contagion: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not valid JSON at line 3, column 3: .+\n$`));
  });

  it('an unknown command or option is one line and exit code 2', async () => {
    expect(await cli('frobnicate', 'x.json')).toMatchObject({ code: 2, err: "defi-contagion: unknown command 'frobnicate'\n" });
    expect(await cli('validate', '--strict', 'x.json')).toMatchObject({ code: 2, err: "defi-contagion: unknown option '--strict'\n" });
    expect((await cli('validate')).code).toBe(2);
  });
});

describe('defi-contagion inspect', () => {
  it('prints the summary as tables', async () => {
    const r = await cli('inspect', example('two-lenders-shared-eth'));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/lender-a\s+aave-v3\s+1\s+\$7,000,000\s+\$4,600,000\s+3\s+60\.0%\s+75\.0%\s+75\.0%/);
    expect(r.out).toMatch(/ETH\s+\$2,000\s+4,600\s+\$9,200,000\s+\$5,900,000/);
  });

  it('--json prints the summary as JSON', async () => {
    const r = await cli('inspect', '--json', example('holding-linked-protocols'));
    const s = JSON.parse(r.out);
    expect(s.protocols.map((p: { id: string; debtUsd: number }) => [p.id, p.debtUsd])).toEqual([['alpha', 3_600_000], ['beta', 950_000]]);
  });

  it('an invalid network exits 1 and points to validate', async () => {
    const file = tmpFile('bad.json', JSON.stringify({ schemaVersion: 1 }));
    const r = await cli('inspect', file);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/is not a valid network \(2 problems\); run `defi-contagion validate/);
  });
});

describe('the installed command', () => {
  it('`defi-contagion --help` runs from the built package with no extra step', () => {
    const out = execFileSync(process.execPath, ['dist/cli/main.js', '--help'], { encoding: 'utf8' });
    expect(out).toContain('Usage: defi-contagion [options] [command]');
    const bad = spawnSync(process.execPath, ['dist/cli/main.js', 'nope'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe("defi-contagion: unknown command 'nope'\n");
  });
});

describe('defi-contagion simulate', () => {
  it('runs one cascade and prints protocols, assets, exposure and assumptions', async () => {
    const r = await cli('simulate', example('two-lenders-shared-eth'), '--shock', 'ETH=-30%', '--exposure', 'none');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/shock ETH=-30%: settled after \d+ rounds of 60 s/);
    expect(r.out).toMatch(/ETH\s+\$2,000\s+\$1,400/);
    expect(r.out).toContain('Assumptions: rounds of 60 s');
    expect(r.out).not.toContain('Cross-protocol cascade exposure');
  });

  it('--json prints the result; a symbol names an asset when it is unique', async () => {
    const r = await cli('simulate', example('holding-linked-protocols'), '--shock', 'eth=-10%', '--exposure', 'none', '--json');
    const res = JSON.parse(r.out);
    expect(res.assets.find((a: { asset: string }) => a.asset === 'ETH').shockedPrice).toBeCloseTo(1800, 9); // 2000 × (1 − 0.10)
    expect(res.manifest.scenario.shocks).toEqual({ ETH: -0.1 });
  });

  it('a cascade the round limit stops prints its result, says what still moves on stderr and exits 3', async () => {
    // two-lenders-shared-eth at ETH −30% liquidates in its first rounds: two rounds cannot settle it.
    const r = await cli('simulate', example('two-lenders-shared-eth'), '--shock', 'ETH=-30%', '--exposure', 'none', '--max-rounds', '2');
    expect(r.code).toBe(3);
    expect(r.out).toContain('NOT settled');
    expect(r.err).toMatch(/^defi-contagion: not settled after 2 rounds \(the round limit\): .*(still liquidating: lender-[ab]\/|pending: )/);
    expect(r.err.split('\n').length).toBe(2);
  });

  it('the holding example at ETH −30% settles: accrual alone does not keep it going (exit 0)', async () => {
    const r = await cli('simulate', example('holding-linked-protocols'), '--shock', 'ETH=-30%', '--exposure', 'none', '--json');
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    const res = JSON.parse(r.out);
    expect(res.converged).toBe(true);
    expect(res.notSettled).toBeNull();
    expect(res.roundCount).toBeLessThan(1000);
  });

  it('a bad asset or option value is one line and exit code 2', async () => {
    expect(await cli('simulate', example('two-lenders-shared-eth'), '--shock', 'BTC=-30%')).toEqual({ code: 2, out: '', err: 'defi-contagion: unknown asset "BTC"; expected an id or a symbol of ETH, USDC\n' });
    expect(await cli('simulate', example('two-lenders-shared-eth'), '--shock', 'ETH=-130%')).toEqual({ code: 2, out: '', err: 'defi-contagion: --shock ETH=-130%: a move must be above -100%\n' });
    expect(await cli('simulate', example('two-lenders-shared-eth'), '--shock', 'ETH')).toEqual({ code: 2, out: '', err: 'defi-contagion: --shock expects ASSET=MOVE such as ETH=-30% or ETH=+10%, got "ETH"\n' });
    expect(await cli('simulate', example('two-lenders-shared-eth'), '--round-seconds', '0')).toEqual({
      code: 2,
      out: '',
      err: "defi-contagion: option '--round-seconds <n>' argument '0' is invalid. expected a number of seconds (1 s to 1 day) from 1 to 86,400.\n",
    });
  });
});
