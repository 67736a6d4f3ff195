import { describe, expect, it } from 'vitest';
import { buildReport, renderReport } from '../../src/report/render.js';
import { formatUsd } from '../../src/util/money.js';
import { simulateCascade } from '../../src/cascade/simulate.js';
import type { ReportData } from '../../src/report/model.js';
import { exampleRun, exampleWith, REAL_SHOCK, realRun } from './helpers.js';

/** The cells of the Markdown table row whose first cell is `first`, in the section titled `section`. */
function row(md: string, section: string, first: string): string[] {
  const body = md.split(/^## /m).find((s) => s.startsWith(section));
  if (!body) throw new Error(`no section "${section}"`);
  const line = body.split('\n').find((l) => l.startsWith(`| ${first} |`));
  if (!line) throw new Error(`no row "${first}" in "${section}"`);
  return line.slice(2, -2).split(' | ');
}

describe('renderReport: JSON holds simulateCascade\'s numbers', () => {
  it('the real fixture: totals, protocols and assets equal the run on the same input', async () => {
    const { network, result } = await realRun();
    const data = JSON.parse(await renderReport(network, result, { format: 'json' })) as ReportData;
    // A second run on the same input: the report must equal the library, not only the result it was handed.
    const again = simulateCascade(network, { shocks: REAL_SHOCK });
    expect(data.totals).toEqual(again.totals);
    expect(data.protocols).toEqual(again.protocols);
    expect(data.assets).toEqual(again.assets);
    // The README's first screen: about 6,000 liquidations over 337 rounds, $2.0B seized, $19M lost by lenders, and
    // about nine tenths of collateral and debt on figures marked assumed.
    expect(data.run.roundCount).toBe(337);
    // The default $1,000,000 gradual cap stretches this cascade past the run's 1,000-round limit: its re-run settles
    // in 1,060 rounds under policyMaxRounds (docs/api.md), and nothing the report shows is cut short.
    expect(data.policies!.policies.map((p) => [p.label, p.outcome.converged, p.outcome.roundCount])).toEqual([
      ['breaker:0.2/3600/3600', true, 401],
      ['cap:1000000', true, 1060],
    ]);
    expect(data.unsettled).toEqual([{ analysis: 'policies', runs: 2, notSettled: 0 }]);
    expect(data.totals.liquidations).toBeGreaterThan(5500);
    expect(data.totals.liquidations).toBeLessThan(6500);
    expect(data.totals.liquidatedCollateralUsd / 2.0e9).toBeCloseTo(1, 1);
    expect(data.totals.lossToLendersUsd / 19e6).toBeCloseTo(1, 1);
    expect(data.glance.sources.debt.share).toBeCloseTo(0.907, 3);
    expect(data.glance.sources.collateral.share).toBeCloseTo(0.919, 3);
    // Per-round totals add up to the run's: seized USD summed over rounds and protocols = liquidatedCollateralUsd.
    const seized = data.rounds.reduce((s, r) => s + r.protocols.reduce((u, p) => u + p.seizedUsd, 0), 0);
    expect(seized).toBeCloseTo(again.totals.liquidatedCollateralUsd, 0);
    const count = data.rounds.reduce((s, r) => s + r.protocols.reduce((u, p) => u + p.liquidations, 0), 0);
    expect(count).toBe(again.totals.liquidations);
    // Three cascades and two policy re-runs of the real fixture: ~12 s alone, over the suite's 60 s on a loaded machine.
  }, 180_000);
});

describe('renderReport: Markdown', () => {
  it('per-protocol rows hold the result\'s numbers in the one money format', async () => {
    const { network, result } = await exampleRun();
    const md = await renderReport(network, result, { format: 'markdown' });
    for (const p of result.protocols) {
      const cells = row(md, 'Per protocol', p.protocol);
      expect(cells).toEqual([
        p.protocol,
        String(p.liquidations),
        formatUsd(p.liquidatedCollateralUsd),
        formatUsd(p.bonusPaidUsd),
        formatUsd(p.badDebtBookedUsd),
        formatUsd(p.netInsolventUsd),
        formatUsd(p.lossToLendersUsd),
        formatUsd(p.firstRoundLiquidatedUsd!),
        formatUsd(p.cascadeLiquidatedUsd!),
        `${p.cascadeMultiplier!.toFixed(2)}×`,
      ]);
    }
    // Both lenders liquidate and end with bad debt in this example: the rows are not all zeros.
    expect(result.protocols.every((p) => p.liquidations > 0 && p.lossToLendersUsd > 0)).toBe(true);
    for (const a of result.assets) expect(row(md, 'What happened', a.asset).slice(1, 5)).toEqual([a.snapshotPrice, a.shockedPrice, a.lowestMarketPrice, a.finalMarketPrice].map(formatUsd));
    const e = result.exposure!;
    e.protocols.forEach((cause, i) => expect(row(md, 'Cross-protocol exposure', cause).slice(1, 1 + e.protocols.length)).toEqual(e.liquidations[i]!.map(formatUsd)));
    expect(md).toContain(`${result.totals.liquidations} liquidations, ${formatUsd(result.totals.liquidatedCollateralUsd)} of collateral seized`);
    for (const a of result.assumptions) expect(md).toContain(`- ${a}`);
  });

  it('a round row holds that round\'s market price and liquidations', async () => {
    const { network, result } = await exampleRun();
    const md = await renderReport(network, result, { format: 'markdown' });
    const r = result.rounds.find((x) => x.liquidations.length > 0)!;
    const cells = row(md, 'What happened', String(r.round));
    const seized = r.liquidations.reduce((s, l) => s + l.seizedUsd, 0);
    const count = r.liquidations.reduce((s, l) => s + l.count, 0);
    expect(cells.slice(2, 5)).toEqual([formatUsd(r.market.ETH!), String(count), formatUsd(seized)]);
  });

  it('the same input gives byte-identical reports', async () => {
    const { network, result } = await exampleRun();
    for (const format of ['markdown', 'json'] as const) expect(await renderReport(network, result, { format })).toBe(await renderReport(network, simulateCascade(network, { shocks: { ETH: -0.3 } }), { format }));
  });
});

describe('the network at a glance: what rests on assumed figures', () => {
  it('counts the value an assumed key addresses, inside it or above it, and nothing beside it', async () => {
    const src = (kind: string) => ({ source: 'test', date: '2025-10-01', kind });
    // lender-b whole (an ancestor of its positions), the pool's reserves (a field inside the venue), and a rate
    // parameter of lender-a (beside its positions and supply: it must not count).
    const network = exampleWith({
      sources: {
        'protocols[lender-b]': src('assumed'),
        'venues[eth-usdc].reserves': src('assumed'),
        'protocols[lender-a].markets[core].borrowables[USDC].rateModel': src('assumed'),
        'assets[ETH].price': src('primary'),
      },
    });
    const result = simulateCascade(network, { shocks: { ETH: -0.3 } }, { exposure: 'none' });
    const g = (JSON.parse(await renderReport(network, result, { format: 'json' })) as ReportData).glance.sources;
    expect(g.byKind).toEqual({ primary: 1, secondary: 0, derived: 0, assumed: 3 });
    // Debt: lender-b's $1,300,000 of the $5,900,000 (lender-a $4,600,000); collateral $2,200,000 of $9,200,000.
    expect(g.debt).toEqual({ assumedUsd: 1_300_000, totalUsd: 5_900_000, share: 1_300_000 / 5_900_000 });
    expect(g.collateral.assumedUsd).toBe(2_200_000);
    expect(g.collateral.totalUsd).toBe(9_200_000);
    // The pool: 5,000 ETH × $2,000 + 10,000,000 USDC = $20,000,000, all of it on an assumed figure.
    expect(g.venueLiquidity).toEqual({ assumedUsd: 20_000_000, totalUsd: 20_000_000, share: 1 });
    // lender-b's supply counts (its whole protocol is assumed); lender-a's does not (only its rate model is).
    // Supply: lender-a 8,000,000 USDC, lender-b 3,000,000 USDC at $1.
    expect(g.supply).toEqual({ assumedUsd: 3_000_000, totalUsd: 11_000_000, share: 3 / 11 });
    expect(g.assumed.map((a) => a.key)).toEqual(['protocols[lender-a].markets[core].borrowables[USDC].rateModel', 'protocols[lender-b]', 'venues[eth-usdc].reserves']);
  });

  it('venue depth on x·y = k against its closed form', async () => {
    const { network, result } = await exampleRun();
    const d = (JSON.parse(await renderReport(network, result, { format: 'json' })) as ReportData).glance.venues;
    // 5,000 ETH / 10,000,000 USDC, fee 0.3%: the marginal rate (1−f)·x·y/(x + (1−f)dx)² falls 2% from its start
    // when x + (1−f)dx = x/√0.98, so dx = 5000·(1/√0.98 − 1)/0.997 = 50.9155… ETH.
    const eth = d.find((v) => v.sold === 'ETH')!;
    expect(eth.amount).toBeCloseTo((5000 * (1 / Math.sqrt(0.98) - 1)) / 0.997, 6);
    expect(eth.usd).toBeCloseTo(eth.amount * 2000, 6);
    const usdc = d.find((v) => v.sold === 'USDC')!;
    expect(usdc.amount).toBeCloseTo((10_000_000 * (1 / Math.sqrt(0.98) - 1)) / 0.997, 4);
  });
});

describe('renderReport: bad input', () => {
  it('refuses an unknown option, an unknown format and a result of another network, naming them', async () => {
    const { network, result } = await exampleRun();
    await expect(renderReport(network, result, { format: 'pdf' as 'html' })).rejects.toThrow('renderReport: option format must be "json", "markdown" or "html", got "pdf"');
    await expect(renderReport(network, result, { titel: 'x' } as never)).rejects.toThrow('renderReport: unknown option "titel"');
    for (const bad of [0, 2.5, -1, Number.NaN]) await expect(renderReport(network, result, { policyMaxRounds: bad })).rejects.toThrow(`renderReport: option policyMaxRounds must be a whole number of rounds from 1 to 1,000,000, got ${JSON.stringify(bad)}`);
    const other = exampleWith({ meta: { ...network.meta, name: 'another' } });
    await expect(renderReport(other, result, { format: 'json' })).rejects.toThrow(/renderReport: the result is a run of network sha256 [0-9a-f]{16}… \("Two lenders/);
  });
});

describe('renderReport: what would have stopped it', () => {
  it('the re-runs get policyMaxRounds when above the run\'s limit: a gradual cap stretches the cascade in time', async () => {
    // ETH −30% on the example settles in 18 rounds, within a limit of 20; under a $100,000 cap it needs 34.
    const network = (await exampleRun()).network;
    const result = simulateCascade(network, { shocks: { ETH: -0.3 } }, { maxRounds: 20 });
    expect([result.roundCount, result.converged]).toEqual([18, true]);
    const roomy = await buildReport(network, result, { format: 'markdown', policies: ['cap:100000'] });
    expect(roomy.data.policies!.policies[0]!.outcome).toMatchObject({ converged: true, roundCount: 34 });
    expect(roomy.data.unsettled).toEqual([{ analysis: 'policies', runs: 1, notSettled: 0 }]);
    expect(roomy.text).toContain('Each re-run may take up to 5,000 rounds: a lever that paces liquidations stretches the cascade in time.');
    // At the run's own limit the cap's re-run is cut short: the section and the run's summary say so.
    const tight = await buildReport(network, result, { format: 'markdown', policies: ['cap:100000'], policyMaxRounds: 1 });
    expect(tight.data.policies!.policies[0]!.outcome).toMatchObject({ converged: false, roundCount: 20 });
    expect(tight.data.unsettled).toEqual([{ analysis: 'policies', runs: 1, notSettled: 1 }]);
    expect(tight.text).toContain('Each re-run may take up to 20 rounds: a lever that paces liquidations stretches the cascade in time. Did not settle within it: cap:100000.');
    expect(tight.text).toContain('Not settled within the round limit: 1 of 1 policy re-run.');
    // A run cut at its own limit keeps it for the re-runs: the comparison's baseline is still the run.
    const cut = simulateCascade(network, { shocks: { ETH: -0.3 } }, { maxRounds: 10 });
    const kept = await buildReport(network, cut, { format: 'json', policies: ['cap:100000'] });
    expect(kept.data.policies!.baseline).toMatchObject({ converged: false, roundCount: 10, liquidations: cut.totals.liquidations });
    expect(kept.data.policies!.policies[0]!.outcome).toMatchObject({ converged: false, roundCount: 10 });
  });

  it('the default levers re-run the run\'s own scenario and options: the baseline is the run, the rows hold each outcome', async () => {
    const { network, result } = await exampleRun();
    const data = JSON.parse(await renderReport(network, result, { format: 'json' })) as ReportData;
    const c = data.policies!;
    const t = result.totals;
    expect(c.baseline.liquidations).toBe(t.liquidations);
    expect(c.baseline.badDebtUsd).toBeCloseTo(t.badDebtBookedUsd + t.netInsolventUsd, 6);
    expect(c.baseline.lossToLendersUsd).toBeCloseTo(t.lossToLendersUsd, 6);
    expect(c.policies.map((p) => p.label)).toEqual(['breaker:0.2/3600/3600', 'cap:1000000']);
    for (const p of c.policies) {
      // The difference is the lever's outcome less the run's.
      expect(p.difference.badDebtUsd).toBeCloseTo(p.outcome.badDebtUsd - c.baseline.badDebtUsd, 6);
      expect(p.difference.liquidations).toBe(p.outcome.liquidations - c.baseline.liquidations);
    }
    const md = await renderReport(network, result, { format: 'markdown' });
    for (const p of c.policies) expect(row(md, 'What would have stopped it', p.label).slice(2, 6)).toEqual([String(p.outcome.liquidations), formatUsd(p.outcome.liquidatedCollateralSnapshotUsd), formatUsd(p.outcome.badDebtUsd), formatUsd(p.outcome.lossToLendersUsd)]);
    expect(row(md, 'What would have stopped it', 'as run').slice(2, 6)).toEqual([String(t.liquidations), formatUsd(t.liquidatedCollateralSnapshotUsd), formatUsd(t.badDebtBookedUsd + t.netInsolventUsd), formatUsd(t.lossToLendersUsd)]);
  });

  it('takes the caller\'s levers, or none', async () => {
    const { network, result } = await exampleRun();
    const one = JSON.parse(await renderReport(network, result, { format: 'json', policies: ['cap:250000'] })) as ReportData;
    expect(one.policies!.policies.map((p) => p.policy)).toEqual([{ kind: 'gradualLiquidation', capUsd: 250_000 }]);
    const none = await renderReport(network, result, { format: 'markdown', policies: null });
    expect(none).not.toContain('## What would have stopped it');
    await expect(renderReport(network, result, { format: 'json', policies: ['breaker:-5%'] })).rejects.toThrow(/parsePolicy: "breaker:-5%"/);
  });
});
