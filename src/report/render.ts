/**
 * `renderReport(network, result, { format, title })` (DESIGN §8, issue #18): one run as JSON, Markdown, or a
 * self-contained HTML page with charts and a picture of the network. The same input gives the same bytes.
 */
import type { Network } from '../network/schema/network.js';
import type { CascadeResult } from '../cascade/simulate.js';
import { reportData } from './model.js';
import { reportSections } from './sections.js';
import { renderMarkdown } from './markdown.js';
import { resolveReportOptions, type ReportOptions } from './options.js';

/** The report of `result`, a `simulateCascade` run of `network`, as a string in `options.format`. */
export async function renderReport(network: Network, result: CascadeResult, options: Partial<ReportOptions> = {}): Promise<string> {
  const o = resolveReportOptions(options);
  const data = reportData(network, result, o.title);
  if (o.format === 'json') return JSON.stringify(data, null, 2) + '\n';
  const sections = reportSections(data);
  return renderMarkdown(data.title, sections);
}
