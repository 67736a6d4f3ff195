import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './harness.js';

const cli = (...argv: string[]) => runCli(argv);

/** The two-lenders example with a1's debt raised to 1.7M USDC: HF = 1,000 × 2,000 × 0.83 / 1.7M = 0.976. */
function underwater(): string {
  const net = JSON.parse(readFileSync('fixtures/examples/two-lenders-shared-eth.json', 'utf8'));
  net.protocols[0].markets[0].positions[0].debt.USDC = 1_700_000;
  const dir = mkdtempSync(join(tmpdir(), 'defi-contagion-health-'));
  writeFileSync(join(dir, 'net.json'), JSON.stringify(net));
  return join(dir, 'net.json');
}

describe('health at the snapshot on the command line', () => {
  it('validate exits 0 and warns on stderr when positions are liquidatable with no shock', async () => {
    const file = underwater();
    const r = await cli('validate', file);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`${file}: valid`);
    expect(r.err).toBe(`${file}: warning: 1 position is liquidatable at the snapshot prices with no shock ($850,000 of debt repaid in the first round; lender-a/core 1)\n`);
  });

  it('validate says nothing on stderr for a healthy network', async () => {
    const r = await cli('validate', 'fixtures/examples/two-lenders-shared-eth.json');
    expect(r).toMatchObject({ code: 0, err: '' });
  });

  it('inspect shows the liquidatable positions and the assumed shares; --json carries both', async () => {
    const file = underwater();
    const r = await cli('inspect', file);
    expect(r.out).toMatch(/lender-a\s+core\s+1\s+\$850,000\s+\$892,500/);
    expect(r.out).toMatch(/collateral value\s+\$9,200,000\s+\$0\.00\s+0\.0%\s+\$9,200,000/);
    const j = JSON.parse((await cli('inspect', '--json', file)).out);
    expect(j.snapshotHealth.liquidatable).toBe(1);
    expect(j.assumptions.debt.totalUsd).toBe(6_100_000);
  });

  it('inspect of the 2025-10-01 snapshot: nothing liquidatable, and the assumed shares', async () => {
    const r = await cli('inspect', 'fixtures/ethereum-2025-10-01.json');
    expect(r.out).toContain('none: no position is liquidatable at the snapshot prices');
    // docs/fixtures.md: about nine tenths of collateral value and debt, four fifths of venue depth (Lido's queue bids included), marked assumed.
    expect(r.out).toMatch(/collateral value\s+\$33,069,542,521\s+\$30,397,080,245\s+91\.9%\s+\$0\.00/);
    expect(r.out).toMatch(/debt\s+\$18,907,030,870\s+\$17,145,031,188\s+90\.7%\s+\$0\.00/);
    expect(r.out).toMatch(/venue depth\s+\$7,984,576,559\s+\$6,445,222,413\s+80\.7%\s+\$0\.00/);
  });
});
