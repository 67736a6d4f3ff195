/** The one error a network load throws: every problem at once, each with its JSON path. */

export interface NetworkIssue {
  /** JSON path of the offending value, e.g. `protocols[2].markets[0].collaterals[1].liquidationThreshold`. */
  path: string;
  /** What was expected and the value found. */
  message: string;
}

/** Thrown by `parseNetwork` and `loadNetwork`: nothing is half-loaded. */
export class NetworkError extends Error {
  readonly issues: NetworkIssue[];
  /** `invalid`: the document breaks the format; `unreadable`: a file is missing or unreadable; `syntax`: not JSON. */
  readonly code: 'invalid' | 'unreadable' | 'syntax';

  constructor(issues: NetworkIssue[], context = 'parseNetwork', code: NetworkError['code'] = 'invalid') {
    const head = issues.slice(0, 10).map((i) => `  ${i.path || '(root)'}: ${i.message}`);
    const more = issues.length > 10 ? [`  … and ${issues.length - 10} more`] : [];
    super(`${context}: the network is invalid (${issues.length} problem${issues.length === 1 ? '' : 's'}):\n${[...head, ...more].join('\n')}`);
    this.name = 'NetworkError';
    this.issues = issues;
    this.code = code;
  }
}
