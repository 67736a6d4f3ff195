/** Cross-field validation of a network whose shape already passed the schema: each part in its own file, in this order. */
import type { NetworkIssue } from '../errors.js';
import type { Network } from '../schema/network.js';
import { validateAssets } from './assets.js';
import { validateCorrelation } from './correlation.js';
import { IssueList } from './issue-list.js';
import { validateHoldings, validateProtocols } from './protocols.js';
import { validateRoutes } from './routes.js';
import { validateSources } from './sources.js';
import { validateVenues } from './venues.js';

export function validateNetwork(net: Network): NetworkIssue[] {
  const out = new IssueList();
  validateAssets(net, out);
  validateVenues(net, out);
  // Routes rest on assets and venues: a broken peg or coin would only echo here as a missing route.
  const routable = out.issues.length === 0;
  validateProtocols(net, out);
  validateHoldings(net, out);
  validateCorrelation(net, out);
  validateSources(net, out);
  if (routable) validateRoutes(net, out);
  return out.issues;
}
