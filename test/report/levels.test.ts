import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { renderReport } from '../../src/report/render.js';
import { loadNetwork } from '../../src/network/load.js';
import { parseNetwork } from '../../src/network/parse.js';
import { simulateCascade } from '../../src/cascade/simulate.js';
import type { ReportData } from '../../src/report/model.js';
import { exampleRun } from './helpers.js';

/** The cells of the Markdown table row whose first cells are `first`, in the section whose title starts with `section`. */
function row(md: string, section: string, ...first: string[]): string[] {
  const body = md.split(/^## /m).find((s) => s.startsWith(section));
  if (!body) throw new Error(`no section "${section}"`);
  const line = body.split('\n').find((l) => l.startsWith(`| ${first.join(' | ')} |`));
  if (!line) throw new Error(`no row "${first.join(' | ')}" in "${section}"`);
  return line.slice(2, -2).split(' | ');
}

/** fixtures/history/curve-2023.json run on the scenario file beside it (its price path, events and options). */
async function curveRun() {
  const network = await loadNetwork('fixtures/history/curve-2023.json');
  const scenario = JSON.parse(readFileSync('fixtures/history/curve-2023.scenario.json', 'utf8'));
  return { network, result: simulateCascade(network, scenario, scenario.options) };
}

describe('report: entities (issue #19)', () => {
  it('curve-2023: the borrower as one entity, its Aave liquidation price $0.3767 from the fixture\'s numbers', async () => {
    const { network, result } = await curveRun();
    const data = JSON.parse(await renderReport(network, result, { format: 'json', policies: null })) as ReportData;
    expect(data.entities.map((e) => e.owner)).toEqual(['michael-egorov']);
    const e = data.entities[0]!;
    expect(e.protocols).toEqual(['aave-v2', 'fraxlend', 'abracadabra']);
    // Aave v2: 63.2M USDT ÷ (305M CRV × LT 0.55) = 63.2 ÷ 167.75 = $0.376751 — the record's $0.3767 to 1e-4.
    const aave = e.positions.find((p) => p.protocol === 'aave-v2')!;
    expect(aave.liquidationPrices.CRV).toBeCloseTo(63.2e6 / (305e6 * 0.55), 9);
    expect(Math.abs(aave.liquidationPrices.CRV! - 0.3767)).toBeLessThan(1e-4);
    // Fraxlend 15.8M ÷ (59M × 0.75) = $0.357062; Abracadabra 18.76M ÷ (63.5M × 0.75) = $0.393911 goes first,
    // after a fall of 1 − 0.393911 ÷ 0.73 = 46.04%.
    expect(e.first).toMatchObject({ protocol: 'abracadabra', asset: 'CRV' });
    expect(e.first!.fall).toBeCloseTo(1 - 18.76e6 / (63.5e6 * 0.75) / 0.73, 9);
    // 427.5M CRV at $0.73 = $312,075,000 against 63.2M + 15.8M + 18.76M = $97.76M.
    expect(e.collateralUsd).toBeCloseTo(312_075_000, 0);
    expect(e.debtUsd).toBeCloseTo(97_760_000, 0);
    // The path's low, $0.48, stayed above every liquidation price: nothing reached (the borrower sold OTC).
    expect(e.cascade!.map((r) => [r.position, r.reached])).toEqual([['egorov-abracadabra', false], ['egorov-aave-v2', false], ['egorov-fraxlend', false]]);
    expect(e.cascade![0]!.lowestMarketPrice).toBeCloseTo(0.48, 6);

    const md = await renderReport(network, result, { format: 'markdown', policies: null });
    expect(row(md, 'Entities', 'michael-egorov')).toEqual(['michael-egorov', 'aave-v2, fraxlend, abracadabra', '$312,075,000', '$97,760,000', 'abracadabra/egorov-abracadabra (CRV)', '$0.39391', '46.0%']);
    expect(row(md, 'Entities', 'michael-egorov', 'aave-v2')).toEqual(['michael-egorov', 'aave-v2', 'egorov-aave-v2', '305,000,000 CRV', '$63,200,000', '1.938', '$0.37675', '$0.48', 'no (27.4% above)']);
  });

  it('a network without owners has no entities section', async () => {
    const { network, result } = await exampleRun();
    const md = await renderReport(network, result, { format: 'markdown', policies: null });
    // two-lenders: alice borrows on both lenders, so she is one.
    expect(md).toContain('## Entities: one owner across protocols');
    const raw = JSON.parse(readFileSync('fixtures/examples/two-lenders-shared-eth.json', 'utf8'));
    for (const p of raw.protocols) for (const m of p.markets) for (const x of m.positions) delete x.owner;
    const bare = parseNetwork(raw);
    const none = await renderReport(bare, simulateCascade(bare, { shocks: { ETH: -0.3 } }), { format: 'markdown', policies: null });
    expect(none).not.toContain('## Entities');
  });
});

describe('report: liquidation levels (issue #19)', () => {
  it('two-lenders, ETH: the table and the chart hold the three series, the entities marked on the price axis', async () => {
    const { network, result } = await exampleRun();
    const levels = { asset: 'ETH', levels: 10, cascadeMaxFall: 0.1 };
    const md = await renderReport(network, result, { format: 'markdown', policies: null, levels });
    // $1,800 (−10%): first order a1 alone, 1,000 ETH = $1.8M; the cascade's lowest price is below every liquidation
    // price, so all 4,600 ETH are below 1, and it seized all of it (the keepers of a round decide in turn).
    expect(row(md, 'Liquidation levels', '$1,800').slice(0, 6)).toEqual(['$1,800', '10.0%', '1,000', '$1,800,000', '4,600', '4,600']);
    expect(row(md, 'Liquidation levels', '$1,600').slice(0, 6)).toEqual(['$1,600', '20.0%', '1,500', '$2,400,000', '—', '—']);
    expect(row(md, 'Liquidation levels', '$1,800').slice(6, 9)).toEqual(['$8,280,000', '20', 'yes']);
    expect(md).toContain('At every level with a cascade, the cascade-adjusted curve holds every first-order position and the cascade seized all of it.');
    // Per protocol at $1,800: lender-a 1,000 ETH (a1) first order, 3,500 (a1, a2, a3) adjusted; lender-b 0 and 1,100 (b1, b2).
    expect(row(md, 'Liquidation levels', '$1,800', 'lender-a').slice(2, 4)).toEqual(['1,000 (1)', '3,500 (3)']);
    expect(row(md, 'Liquidation levels', '$1,800', 'lender-b').slice(2, 4)).toEqual(['0 (0)', '1,100 (2)']);

    const html = await renderReport(network, result, { format: 'html', policies: null, levels });
    const svg = /<figure class="chart" data-chart="levels">\n([\s\S]*?)\n<figcaption>/.exec(html)![1]!;
    const points = [...svg.matchAll(/aria-label="([^"]*)" role="graphics-symbol"/g)].map((m) => m[1]!).filter((l) => l.includes('series: '));
    // 10 first-order points and 2 levels × 2 cascade series.
    // One line per series (vega labels its path by its first point) and a point per level: 10 first-order points,
    // 2 levels × 2 cascade series.
    const of = (series: string) => points.filter((p) => p.includes(`series: ${series}`)).slice(1);
    expect([of('first order').length, of('cascade-adjusted').length, of('liquidated').length]).toEqual([10, 2, 2]);
    // At $1,800: 1,000 ETH first order; 4,600 adjusted; 4,600 seized (3 significant digits: 4.6k).
    const at1800 = (series: string) => of(series).find((p) => p.startsWith('ETH price, USD (falling to the right): $1,800;'))!.match(/HF &lt; 1, ETH: ([^;]+);/)![1];
    expect([at1800('first order'), at1800('cascade-adjusted'), at1800('liquidated')]).toEqual(['1k', '4.6k', '4.6k']);
    // alice's two liquidation prices ($1,807.23 on lender-a, $1,562.50 on lender-b) labelled on the axis.
    expect(svg).toContain('alice · lender-a');
    expect(svg).toContain('alice · lender-b');
    const json = JSON.parse(await renderReport(network, result, { format: 'json', policies: null, levels })) as ReportData;
    expect(json.levels!.levels[1]!.cascade!.collateral).toBe(4600);
  });

  it('ethereum-2025-10-01, ETH: the three curves and the gap explained in the report (cascades to −10%)', async () => {
    const network = await loadNetwork('fixtures/ethereum-2025-10-01.json');
    const result = simulateCascade(network, { shocks: { ETH: -0.1 } }, { exposure: 'none' });
    const md = await renderReport(network, result, { format: 'markdown', policies: null, levels: { asset: 'ETH', levels: 10, cascadeMaxFall: 0.1 } });
    // $4,146.03 × 0.9 = $3,731.427: 36,660.16 ETH at first order (× $3,731.427 = $136,794,720), 43,176 at the cascade's lowest prices, 25,876 seized
    // (the figures test/analysis/liquidation-levels.test.ts pins); the deeper levels have no cascade.
    expect(row(md, 'Liquidation levels', '$3,731').slice(0, 6)).toEqual(['$3,731', '10.0%', '36,660', '$136,794,720', '43,176', '25,876']);
    expect(row(md, 'Liquidation levels', '$3,317').slice(4, 6)).toEqual(['—', '—']);
    expect(md).toMatch(/- At \$3,731: the cascade seized 22,109\.2 ETH of the 43,175\.7 ETH below 1: .* liquidated only in part .* nobody liquidated .*; besides, it seized 3,766\.89 ETH from positions not below 1 at market prices/);
    expect(md).not.toContain('## Entities'); // every borrower is generated: no owner
  });

  it('refuses a bad levels option', async () => {
    const { network, result } = await exampleRun();
    await expect(renderReport(network, result, { levels: 'ETH' as never })).rejects.toThrow(/option levels must be \{ asset, levels\?, cascadeMaxFall\? \} or null, got "ETH"/);
    await expect(renderReport(network, result, { levels: { asset: 'ETH', level: 3 } as never })).rejects.toThrow(/option levels.level is unknown/);
    await expect(renderReport(network, result, { levels: { asset: 'NOPE' } })).rejects.toThrow(/unknown asset "NOPE"/);
  });
});
