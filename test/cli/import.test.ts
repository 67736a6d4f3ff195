import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './harness.js';
import { parseNetwork } from '../../src/network/parse.js';

const cli = (...argv: string[]) => runCli(argv);

const WETH = '0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2';

/** A folder with the two-lender example (ETH given its mainnet address) and a records file. */
function folder(records: unknown) {
  const dir = mkdtempSync(join(tmpdir(), 'defi-contagion-import-'));
  const net = JSON.parse(readFileSync('fixtures/examples/two-lenders-shared-eth.json', 'utf8'));
  net.assets[0].address = `eth:${WETH}`;
  delete net.$schema;
  writeFileSync(join(dir, 'net.json'), JSON.stringify(net));
  writeFileSync(join(dir, 'records.json'), JSON.stringify(records));
  return { dir, net: join(dir, 'net.json'), records: join(dir, 'records.json'), out: join(dir, 'new.json') };
}

const args = (f: ReturnType<typeof folder>, ...more: string[]) => ['import', 'defillama', f.records, '--into', f.net, '--protocol', 'lender-b', '--market', 'main', '--debt-asset', 'USDC', '--out', f.out, ...more];

describe('defi-contagion import defillama', () => {
  it('writes a valid network with the records as positions (exit 0)', async () => {
    const f = folder([{ owner: '0xabc', liqPrice: 1500, collateral: `ethereum:${WETH}`, collateralAmount: '100000000000000000000' }]);
    const r = await cli(...args(f));
    expect(r.code).toBe(0);
    expect(r.out).toContain('1 position from 1 record added to lender-b/main');
    expect(r.out).toContain('never their sum');
    const n = parseNetwork(JSON.parse(readFileSync(f.out, 'utf8')));
    const p = (n.protocols[1]!.markets[0] as { positions: { owner?: string; collateral: Record<string, number>; debt: Record<string, number> }[] }).positions.at(-1)!;
    // 1e20 raw ÷ 1e18 = 100 ETH; debt 1500 × 100 × 0.8 = 120,000 USDC.
    expect(p.owner).toBe('0xabc');
    expect(p.collateral).toEqual({ ETH: 100 });
    expect(p.debt.USDC).toBeCloseTo(120000, 6);
  });

  it('exits 1 listing every bad record field, writing nothing', async () => {
    const f = folder([
      { owner: 'a', liqPrice: -1, collateral: `ethereum:${WETH}`, collateralAmount: '1' },
      { owner: 'b', liqPrice: 1, collateral: 'ethereum:0x0000000000000000000000000000000000000001', collateralAmount: '12e3' },
    ]);
    const r = await cli(...args(f));
    expect(r.code).toBe(1);
    expect(r.err).toContain('records[0].liqPrice');
    expect(r.err).toContain('records[1].collateral:');
    expect(r.err).toContain('records[1].collateralAmount');
    expect(r.err).toContain('3 bad record fields; nothing imported');
    expect(() => readFileSync(f.out)).toThrow();
  });

  it('exits 2 on a bad option, an unreadable records file or a missing required option', async () => {
    const f = folder([]);
    const bad = await cli(...args(f).map((a) => (a === 'main' ? 'nope' : a)));
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--market: expected a market of lender-b');
    const missing = await cli(...args(f).map((a) => (a === f.records ? join(f.dir, 'none.json') : a)));
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('no such file');
    expect((await cli('import', 'defillama', f.records, '--into', f.net)).code).toBe(2);
    expect((await cli(...args(f, '--emode', '0'))).code).toBe(2);
  });
});
