/**
 * The analyses a report adds when asked — the systemic ranking, critical shocks, the Monte Carlo loss distribution —
 * hold the analysis functions' own numbers on the run's scenario and options: in the JSON, in the Markdown tables and
 * in the charts' marks. The two-lender example keeps it fast (40 Monte Carlo paths over 7 days: a few lose money).
 */
import { describe, expect, it } from 'vitest';
import { XMLValidator } from 'fast-xml-parser';
import { renderReport } from '../../src/report/render.js';
import type { ReportData } from '../../src/report/model.js';
import { formatUsd } from '../../src/util/money.js';
import { formatShare } from '../../src/report/text.js';
import { formatLevel, formatScore } from '../../src/report/analysis-sections.js';
import { systemicMeasures } from '../../src/analysis/systemic.js';
import { simulateCascade } from '../../src/cascade/simulate.js';
import { criticalShock } from '../../src/analysis/critical-shock.js';
import { monteCarlo, monteCarloPartial } from '../../src/analysis/monte-carlo.js';
import { describeUnsettled } from '../../src/report/analyses.js';
import type { MonteCarloResult } from '../../src/analysis/mc-summary.js';
import { lossDistribution } from '../../src/report/loss-distribution.js';
import type { CascadeOptions } from '../../src/cascade/options.js';
import type { ReportOptions } from '../../src/report/options.js';
import { exampleRun } from './helpers.js';

/** The cells of the Markdown table row whose first cell is `first`, in the section titled `section` (the n-th such row). */
function row(md: string, section: string, first: string, n = 0): string[] {
  const body = md.split(/^## /m).find((s) => s.startsWith(section));
  if (!body) throw new Error(`no section "${section}"`);
  const line = body.split('\n').filter((l) => l.startsWith(`| ${first} |`))[n];
  if (!line) throw new Error(`no row "${first}" in "${section}"`);
  return line.slice(2, -2).split(' | ');
}

/** The aria-labels of a chart's marks as `field: value` records. */
function marks(html: string, chart: string): Record<string, string>[] {
  const svg = new RegExp(`<figure class="chart" data-chart="${chart}">\\n([\\s\\S]*?)\\n<figcaption>`).exec(html)?.[1];
  if (!svg) throw new Error(`no chart ${chart}`);
  expect(XMLValidator.validate(svg), chart).toBe(true);
  return [...svg.matchAll(/aria-label="([^"]*)" role="graphics-symbol"/g)].map((m) => Object.fromEntries(m[1]!.split('; ').map((kv) => [kv.slice(0, kv.lastIndexOf(': ')), kv.slice(kv.lastIndexOf(': ') + 2)])));
}

const MC = { paths: 40, horizon: '7d', seed: 3, bootstrap: { resamples: 200, seed: 1, level: 0.95 } };
const ASKED: Partial<ReportOptions> = { policies: null, systemic: {}, critical: [{ asset: 'ETH', criterion: { kind: 'badDebt' } }, { basket: { ETH: 0.5 }, criterion: { kind: 'insolvent', protocol: 'lender-b' }, step: 0.02 }], monteCarlo: MC };

describe('renderReport: the analyses asked for', async () => {
  const { network, result } = await exampleRun();
  const run = result.manifest.options as Partial<CascadeOptions>;
  const scenario = result.manifest.scenario as { shocks: Record<string, number> };
  const [json, md, html] = (await Promise.all((['json', 'markdown', 'html'] as const).map((format) => renderReport(network, result, { format, ...ASKED })))) as [string, string, string];
  const data = JSON.parse(json) as ReportData;

  it('the JSON holds each analysis as the library computes it on the run\'s scenario and options', async () => {
    expect(data.systemic).toEqual(JSON.parse(JSON.stringify(systemicMeasures(network, scenario, { cascade: { ...run, exposure: 'shapley', recordRounds: false } }))));
    const cascade = { ...run, exposure: 'none' as const, recordRounds: false };
    expect(data.critical).toEqual(JSON.parse(JSON.stringify([criticalShock(network, { asset: 'ETH', criterion: { kind: 'badDebt' } }, { cascade }), criticalShock(network, { basket: { ETH: 0.5 }, criterion: { kind: 'insolvent', protocol: 'lender-b' } }, { cascade, step: 0.02 })])));
    const mc = (await monteCarlo(network, { ...MC, cascade: run })) as MonteCarloResult;
    expect(data.monteCarlo!.summary).toEqual(JSON.parse(JSON.stringify(mc)));
    expect(data.monteCarlo!.distribution).toEqual(lossDistribution((await monteCarloPartial(network, { ...MC, cascade: run })).vectors));
    // The example loses money on some paths over 7 days and on none on others: both sides of the histogram are tested.
    const ni = data.monteCarlo!.distribution[0]!;
    expect(ni.zeroPaths).toBeGreaterThan(0);
    expect(ni.zeroPaths).toBeLessThan(40);
    expect(mc.valueAtRisk[1]!.value).toBeGreaterThan(0);
  });

  it('unsettled: each analysis with cascades of its own, its runs and how many hit the round limit', () => {
    const points = data.critical!.reduce((n, c) => n + c.points.length, 0);
    expect(data.unsettled).toEqual([
      { analysis: 'critical', runs: points, notSettled: data.critical!.reduce((n, c) => n + c.points.filter((p) => !p.converged).length, 0) },
      { analysis: 'monteCarlo', runs: 40, notSettled: data.monteCarlo!.summary.notSettled },
    ]);
    expect(points).toBeGreaterThan(10);
    expect(describeUnsettled([{ analysis: 'monteCarlo', runs: 2000, notSettled: 3 }, { analysis: 'levels', runs: 20, notSettled: 1 }, { analysis: 'critical', runs: 9, notSettled: 0 }])).toBe('3 of 2,000 Monte Carlo paths; 1 of 20 liquidation-level cascades');
    expect(describeUnsettled(data.unsettled.map((u) => ({ ...u, notSettled: 0 })))).toBe('');
  });

  it('Markdown: the systemic table holds each protocol\'s measures', () => {
    for (const p of data.systemic!.protocols)
      expect(row(md, 'Systemic ranking', p.protocol)).toEqual([p.protocol, formatUsd(p.equityUsd), formatScore(p.pagerank), formatScore(p.betweenness), formatScore(p.eigenvector), formatScore(p.debtRank), formatScore(p.systemicness), formatScore(p.vulnerability)]);
    // Tied scores print as ties: on the example both lenders have PageRank 0.5 and betweenness 0; lender-a's sales
    // cause more bad debt (systemicness 26.08 against 5.579); lender-b has no equity, so no vulnerability.
    const order = Object.fromEntries(data.systemic!.rankings.map((r) => [r.measure, row(md, 'Systemic ranking', r.measure)[2]]));
    expect(order).toEqual({ pagerank: 'lender-a = lender-b', betweenness: 'lender-a = lender-b', eigenvector: '—', debtRank: 'lender-a = lender-b', systemicness: 'lender-a > lender-b', vulnerability: 'lender-a' });
    expect(data.systemic!.protocols.map((p) => formatScore(p.systemicness))).toEqual(['26.08', '5.579']);
    // GLT on the example: lender-a's sales cause bad debt, so its systemicness is above 0.
    expect(data.systemic!.protocols[0]!.systemicness).toBeGreaterThan(0);
  });

  it('Markdown: a critical-shock row per search with its critical fall and the outcome there', () => {
    const [eth, basket] = data.critical!;
    expect(eth!.criticalFall).toBeGreaterThan(0);
    expect(row(md, 'Critical shocks', 'ETH').slice(1, 8)).toEqual(['bad debt appears', formatLevel(eth!.criticalFall!), formatLevel(eth!.lastSafeFall!), formatUsd(eth!.outcome!.badDebtUsd), String(eth!.outcome!.liquidations), formatUsd(eth!.outcome!.lossToLendersUsd), eth!.outcome!.insolventProtocols.join(', ')]);
    const b = row(md, 'Critical shocks', 'ETH ×0.5');
    expect(b.slice(1, 3)).toEqual(['lender-b becomes insolvent', basket!.criticalFall === null ? 'not met up to 95%' : formatLevel(basket!.criticalFall)]);
    expect(b[9]).toBe(String(basket!.cascades));
  });

  it('Markdown: the Monte Carlo tail figures, probabilities and histogram bins', () => {
    const s = data.monteCarlo!.summary;
    s.valueAtRisk.forEach((v, k) => {
      const cells = row(md, 'Monte Carlo', formatLevel(v.confidence));
      expect([cells[1], cells[3], cells[5]]).toEqual([formatUsd(v.value), formatUsd(s.expectedShortfall[k]!.value), formatUsd(s.liquidationsAtRisk[k]!.value)]);
      expect(cells[2]).toBe(`${formatUsd(v.interval.low)} – ${formatUsd(v.interval.high)}`);
    });
    expect(row(md, 'Monte Carlo', 'bad debt (booked + net insolvent above $0)').slice(1, 3)).toEqual([formatShare(s.badDebtProbability.value), formatShare(s.badDebtProbability.standardError)]);
    for (const p of s.insolvency) expect(row(md, 'Monte Carlo', `${p.protocol} insolvent`)[1]).toBe(formatShare(p.probability));
    expect(row(md, 'Monte Carlo', 'loss to lenders')[1]).toBe(formatUsd(s.mean.lossToLendersUsd));
    const bins = data.monteCarlo!.distribution[0]!.bins.filter((b) => b.paths > 0);
    bins.forEach((b, n) => expect(row(md, 'Monte Carlo', 'net insolvent value', n + 1).slice(1)).toEqual([formatUsd(b.fromUsd), formatUsd(b.toUsd), String(b.paths)]));
  });

  it('the loss-distribution chart: a bar per bin of each measure with a path above $0, a rule per tail figure above $0', () => {
    const all = marks(html, 'lossDistribution');
    const dist = data.monteCarlo!.distribution.filter((h) => h.bins.length > 0);
    const bars = all.filter((m) => 'paths' in m);
    expect(bars).toHaveLength(dist.reduce((s, h) => s + h.bins.length, 0));
    for (const h of dist) {
      const mine = bars.filter((b) => b.measure === { netInsolventUsd: 'net insolvent value', badDebtUsd: 'bad debt (booked + net insolvent)', lossToLendersUsd: 'loss to lenders', liquidatedUsd: 'collateral liquidated' }[h.measure]);
      expect(mine.map((b) => Number(b.paths))).toEqual(h.bins.map((b) => b.paths));
    }
    const s = data.monteCarlo!.summary;
    const tails = [...s.valueAtRisk.map((v) => `VaR ${formatLevel(v.confidence)}`), ...s.expectedShortfall.map((v) => `ES ${formatLevel(v.confidence)}`), ...s.liquidationsAtRisk.map((v) => `LaR ${formatLevel(v.confidence)}`)];
    const values = [...s.valueAtRisk, ...s.expectedShortfall, ...s.liquidationsAtRisk].map((v) => v.value);
    expect(all.filter((m) => 'figure' in m).map((m) => m.figure).sort()).toEqual(tails.filter((_, k) => values[k]! > 0).sort());
  });

  it('the critical-shock chart: one point per fall evaluated of each search, its measure in dollars; a rule per critical fall', () => {
    const all = marks(html, 'critical');
    for (const r of data.critical!) {
      const pts = all.filter((m) => m.criterion === r.description);
      expect(pts.map((p) => p.usd)).toEqual(r.points.map((p) => `$${Math.round(p.value).toLocaleString('en-US')}`));
    }
    expect(all.filter((m) => !('criterion' in m))).toHaveLength(data.critical!.filter((r) => r.criticalFall !== null).length);
  });

  it('the sections come after "what would have stopped it", and the same input gives the same bytes', async () => {
    expect([...md.matchAll(/^## (.*)$/gm)].map((m) => m[1])).toEqual(['The network at a glance', 'The scenario', 'What happened, round by round', 'Per protocol', 'Cross-protocol exposure', 'Systemic ranking', 'Critical shocks', 'Monte Carlo loss distribution', 'Entities: one owner across protocols', 'Assumptions', 'Sources']);
    expect(await renderReport(network, result, { format: 'html', ...ASKED })).toBe(html);
  });

  it('the systemic ranking of a run without exposure runs Shapley itself', async () => {
    const bare = simulateCascade(network, { shocks: { ETH: -0.3 } }, { exposure: 'none' });
    const d = JSON.parse(await renderReport(network, bare, { format: 'json', policies: null, systemic: {} })) as ReportData;
    expect(d.exposure).toBeNull();
    expect(d.systemic!.notes[0]).toContain('(liquidations, shapley;');
    expect(d.systemic!.edges.map((e) => [e.from, e.to])).toEqual([['lender-a', 'lender-b'], ['lender-b', 'lender-a']]);
  });

  it('a Monte Carlo where no path loses anything: the figures at $0, no histogram, every path counted at $0', async () => {
    // One hour of ETH volatility moves it a few percent: nothing on the example is liquidated.
    const md0 = await renderReport(network, result, { format: 'markdown', policies: null, monteCarlo: { paths: 6, horizon: '1h', bootstrap: { resamples: 20, seed: 1, level: 0.95 } } });
    expect(row(md0, 'Monte Carlo', '95%').slice(1, 2)).toEqual(['$0.00']);
    expect(md0).toContain('Paths at $0: net insolvent value 6 of 6, bad debt (booked + net insolvent) 6 of 6, loss to lenders 6 of 6, collateral liquidated 6 of 6.');
    expect(md0).not.toContain('Loss distribution: paths per bin');
    const html0 = await renderReport(network, result, { format: 'html', policies: null, monteCarlo: { paths: 6, horizon: '1h', bootstrap: { resamples: 20, seed: 1, level: 0.95 } } });
    expect(html0).toContain('<section id="montecarlo">');
    expect(html0).not.toContain('data-chart="lossDistribution"');
  });

  it('none of them unless asked for', async () => {
    const plain = JSON.parse(await renderReport(network, result, { format: 'json', policies: null })) as ReportData;
    expect([plain.systemic, plain.critical, plain.monteCarlo]).toEqual([null, null, null]);
  });

  it('refuses options a report sets itself and shapes it does not take, naming them', async () => {
    await expect(renderReport(network, result, { format: 'json', monteCarlo: { paths: 2, shard: { index: 0, count: 2 } } as never })).rejects.toThrow("renderReport: option monteCarlo takes no shard: a report runs every path with the run's own cascade options");
    await expect(renderReport(network, result, { format: 'json', systemic: { cascade: {} } as never })).rejects.toThrow("renderReport: option systemic takes no cascade");
    await expect(renderReport(network, result, { format: 'json', systemic: true as never })).rejects.toThrow('renderReport: option systemic must be an options object ({} for the defaults) or null, got true');
    await expect(renderReport(network, result, { format: 'json', critical: { asset: 'ETH' } as never })).rejects.toThrow('renderReport: option critical must be an array of { asset | basket, criterion } or null');
    await expect(renderReport(network, result, { format: 'json', policies: null, critical: [{ asset: 'BTC', criterion: { kind: 'badDebt' } }] })).rejects.toThrow('criticalShock: unknown asset "BTC"');
  });
});
