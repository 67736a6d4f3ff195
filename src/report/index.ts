/** The report layer (DESIGN §8, §9): one run as JSON, Markdown or a self-contained HTML page. */
export { buildReport, renderReport } from './render.js';
export { REPORT_DEFAULTS, REPORT_POLICIES, type ReportOptions, type ReportCriticalShock, type ReportMonteCarloOptions } from './options.js';
export type { ReportMonteCarlo, UnsettledRuns } from './analyses.js';
export { lossHistogram, lossDistribution, LOSS_DISTRIBUTION_DEFAULTS, LOSS_MEASURES, type LossHistogram, type LossMeasure } from './loss-distribution.js';
export type { ReportLevelsOptions } from './levels-section.js';
export type { ReportData, GlanceProtocol, GlanceAsset } from './model.js';
export { venueDepths, DEPTH_DEFAULTS, type VenueDepth } from './depth.js';
export { sourcesGlance, type SourcesGlance, type ValueOnAssumed } from './sources.js';
export type { RoundSummary as ReportRound } from './rounds.js';
export { layoutNetwork, networkSvg, NETWORK_PICTURE_DEFAULTS } from './network-picture.js';
