/** Options of `renderReport` (issue #18), with their defaults. */

export interface ReportOptions {
  /** The document to make: JSON (the report's data, machine-readable), Markdown, or one self-contained HTML page. */
  format: 'json' | 'markdown' | 'html';
  /** The title; null = the network's name and the scenario. */
  title: string | null;
}

export const REPORT_DEFAULTS: ReportOptions = {
  format: 'html',
  title: null,
};

const FORMATS = ['json', 'markdown', 'html'];

/** Merges and checks the options; unknown keys are refused (a typo must not fall back to a default). */
export function resolveReportOptions(options: Partial<ReportOptions>): ReportOptions {
  for (const k of Object.keys(options)) if (!(k in REPORT_DEFAULTS)) throw new Error(`renderReport: unknown option "${k}"; expected one of ${Object.keys(REPORT_DEFAULTS).join(', ')}`);
  const o: ReportOptions = { ...REPORT_DEFAULTS, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) };
  if (!FORMATS.includes(o.format)) throw new Error(`renderReport: option format must be "json", "markdown" or "html", got ${JSON.stringify(o.format)}`);
  if (o.title !== null && !(typeof o.title === 'string' && o.title.trim())) throw new Error(`renderReport: option title must be a non-empty string or null, got ${JSON.stringify(o.title)}`);
  return o;
}
