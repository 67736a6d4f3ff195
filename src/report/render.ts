/**
 * `renderReport(network, result, { format, title })` (DESIGN §8, issue #18): one run as JSON, Markdown, or a
 * self-contained HTML page with charts and a picture of the network. The same input gives the same bytes.
 */
import type { Network } from '../network/schema/network.js';
import type { CascadeResult } from '../cascade/simulate.js';
import { assertRunOf, reportData, type ReportData } from './model.js';
import { reportSections, type ChartId } from './sections.js';
import { renderMarkdown } from './markdown.js';
import { resolveReportOptions, type ReportOptions } from './options.js';
import { formatAmount, formatDuration, formatUsd, plural } from './text.js';
import { runAnalyses } from './analyses.js';

/** Every chart of the report as SVG: vega-lite specs through vega's headless view, the network by its layout. */
async function charts(network: Network, d: ReportData): Promise<Partial<Record<ChartId, string>>> {
  // Loaded only for HTML: vega is large, and JSON and Markdown need none of it.
  const [{ pricesSpec, liquidationsSpec, exposureSpec }, { lossDistributionSpec, criticalSpec }, { levelsSpec }, { renderSvg }, { networkSvg }] = await Promise.all([import('./charts.js'), import('./analysis-charts.js'), import('./levels-chart.js'), import('./svg.js'), import('./network-picture.js')]);
  const out: Partial<Record<ChartId, string>> = { network: networkSvg(network) };
  const specs = [['prices', pricesSpec(d)], ['liquidations', liquidationsSpec(d)], ['exposure', exposureSpec(d)], ['critical', criticalSpec(d)], ['lossDistribution', lossDistributionSpec(d)], ['levels', levelsSpec(d.levels, d.entities)]] as const;
  for (const [id, spec] of specs) if (spec) out[id] = await renderSvg(spec, `chart-${id}`);
  return out;
}

/** The report of `result` as its data and as a string in `options.format` (the command line reads the data's `unsettled`). */
export async function buildReport(network: Network, result: CascadeResult, options: Partial<ReportOptions> = {}): Promise<{ data: ReportData; text: string }> {
  const o = resolveReportOptions(options);
  assertRunOf(network, result);
  const data = reportData(network, result, o.title, await runAnalyses(network, result, o));
  if (o.format === 'json') return { data, text: JSON.stringify(data, null, 2) + '\n' };
  const sections = reportSections(data);
  if (o.format === 'markdown') return { data, text: renderMarkdown(data.title, sections) };
  const { renderHtml } = await import('./html.js');
  const t = data.totals;
  const m = data.manifest;
  const text = renderHtml({
    title: data.title,
    subtitle: `${data.network.name}, snapshot ${data.network.snapshotDate}. ${data.run.converged ? 'Settled' : 'Did NOT settle'} after ${plural(data.run.roundCount, 'round')} of ${data.run.roundSeconds} s (${formatDuration(data.run.durationSeconds)}).`,
    headline: [
      { value: formatAmount(t.liquidations), label: 'liquidations' },
      { value: formatUsd(t.liquidatedCollateralUsd), label: 'collateral liquidated' },
      { value: formatUsd(t.badDebtBookedUsd + t.netInsolventUsd), label: 'bad debt (booked + insolvent)' },
      { value: formatUsd(t.lossToLendersUsd), label: 'loss to lenders' },
    ],
    sections,
    charts: await charts(network, data),
    footer: `Made by ${m.package} (${m.createdBy}); network sha256 ${m.network.sha256}; seed ${m.seed}. The JSON report holds the manifest to re-run it.`,
  });
  return { data, text };
}

/** The report of `result`, a `simulateCascade` run of `network`, as a string in `options.format`. */
export async function renderReport(network: Network, result: CascadeResult, options: Partial<ReportOptions> = {}): Promise<string> {
  return (await buildReport(network, result, options)).text;
}
