/**
 * `renderReport(network, result, { format, title })` (DESIGN §8, issue #18): one run as JSON, Markdown, or a
 * self-contained HTML page with charts and a picture of the network. The same input gives the same bytes.
 */
import type { Network } from '../network/schema/network.js';
import type { CascadeResult } from '../cascade/simulate.js';
import { reportData, type ReportData } from './model.js';
import { reportSections, type ChartId } from './sections.js';
import { reportLevels } from './levels-section.js';
import { renderMarkdown } from './markdown.js';
import { resolveReportOptions, type ReportOptions } from './options.js';
import { formatDuration, formatUsd, plural } from './text.js';
import { comparePolicies, type PolicyComparison } from '../analysis/policies.js';
import type { CascadeOptions } from '../cascade/options.js';
import type { Scenario } from '../cascade/scenario-schema.js';

/** The run's own scenario and options re-run under each lever: the comparison's baseline is the run itself. */
function policiesOf(network: Network, result: CascadeResult, policies: ReportOptions['policies']): PolicyComparison | null {
  if (policies === null) return null;
  const options = result.manifest.options as Partial<CascadeOptions>;
  return comparePolicies(network, result.manifest.scenario as Scenario, policies, { cascade: { ...options, exposure: 'none', recordRounds: false } });
}

/** Every chart of the report as SVG: vega-lite specs through vega's headless view, the network by its layout. */
async function charts(network: Network, d: ReportData): Promise<Partial<Record<ChartId, string>>> {
  // Loaded only for HTML: vega is large, and JSON and Markdown need none of it.
  const [{ pricesSpec, liquidationsSpec, exposureSpec }, { levelsSpec }, { renderSvg }, { networkSvg }] = await Promise.all([import('./charts.js'), import('./levels-chart.js'), import('./svg.js'), import('./network-picture.js')]);
  const out: Partial<Record<ChartId, string>> = { network: networkSvg(network) };
  for (const [id, spec] of [['prices', pricesSpec(d)], ['liquidations', liquidationsSpec(d)], ['exposure', exposureSpec(d)], ['levels', levelsSpec(d.levels, d.entities)]] as const) if (spec) out[id] = await renderSvg(spec, `chart-${id}`);
  return out;
}

/** The report of `result`, a `simulateCascade` run of `network`, as a string in `options.format`. */
export async function renderReport(network: Network, result: CascadeResult, options: Partial<ReportOptions> = {}): Promise<string> {
  const o = resolveReportOptions(options);
  const data = reportData(network, result, o.title, policiesOf(network, result, o.policies), reportLevels(network, result, o.levels));
  if (o.format === 'json') return JSON.stringify(data, null, 2) + '\n';
  const sections = reportSections(data);
  if (o.format === 'markdown') return renderMarkdown(data.title, sections);
  const { renderHtml } = await import('./html.js');
  const t = data.totals;
  const m = data.manifest;
  return renderHtml({
    title: data.title,
    subtitle: `${data.network.name}, snapshot ${data.network.snapshotDate}. ${data.run.converged ? 'Settled' : 'Did NOT settle'} after ${plural(data.run.roundCount, 'round')} of ${data.run.roundSeconds} s (${formatDuration(data.run.durationSeconds)}).`,
    headline: [
      { value: String(t.liquidations), label: 'liquidations' },
      { value: formatUsd(t.liquidatedCollateralUsd), label: 'collateral liquidated' },
      { value: formatUsd(t.badDebtBookedUsd + t.netInsolventUsd), label: 'bad debt (booked + insolvent)' },
      { value: formatUsd(t.lossToLendersUsd), label: 'loss to lenders' },
    ],
    sections,
    charts: await charts(network, data),
    footer: `Made by ${m.package} (${m.createdBy}); network sha256 ${m.network.sha256}; seed ${m.seed}. The JSON report holds the manifest to re-run it.`,
  });
}
