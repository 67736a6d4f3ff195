/** `parseScenario(json, network)`: shape, then references against the network; `ScenarioError` lists every problem. */
import type { Network } from '../network/schema/network.js';
import type { NetworkIssue } from '../network/errors.js';
import { fromZodIssues } from '../network/zod-issues.js';
import { USD } from '../network/schema/asset.js';
import { borrowableAssets } from '../network/markets.js';
import { Scenario } from './scenario-schema.js';
import { resolveOptions, type CascadeOptions } from './options.js';
import { describeValue, formatPath, type PathSegment } from '../network/path.js';

export class ScenarioError extends Error {
  readonly issues: NetworkIssue[];

  constructor(issues: NetworkIssue[], context = 'parseScenario') {
    const head = issues.slice(0, 10).map((i) => `  ${i.path || '(root)'}: ${i.message}`);
    super(`${context}: the scenario is invalid (${issues.length} problem${issues.length === 1 ? '' : 's'}):\n${head.join('\n')}`);
    this.name = 'ScenarioError';
    this.issues = issues;
  }
}

function references(s: Scenario, net: Network): NetworkIssue[] {
  const out: NetworkIssue[] = [];
  const add = (path: PathSegment[], message: string) => out.push({ path: formatPath(path), message });
  const list = (ids: Iterable<string>) => [...ids].slice(0, 12).map((x) => `"${x}"`).join(', ');
  const assets = new Set(net.assets.map((a) => a.id));
  const venues = new Set(net.venues.map((v) => v.id));
  const providers = new Set(net.venues.flatMap((v) => (v.provider ? [v.provider] : [])));
  const protocols = new Map(net.protocols.map((p) => [p.id, p]));
  const asset = (path: PathSegment[], id: string) => {
    if (!assets.has(id)) add(path, `unknown asset "${id}"; expected one of ${list(assets)}`);
  };
  for (const id of Object.keys(s.shocks)) asset(['shocks', id], id);
  s.pricePath?.forEach((p, k) => {
    const prev = s.pricePath![k - 1];
    if (k === 0 && p.t !== 0) add(['pricePath', 0, 't'], `expected the first point at t = 0 (the network is re-priced to it), got ${p.t}`);
    if (prev && p.t <= prev.t) add(['pricePath', k, 't'], `expected times strictly increasing (previous ${prev.t}), got ${p.t}`);
    for (const id of Object.keys(p.prices)) asset(['pricePath', k, 'prices', id], id);
  });
  s.events.forEach((e, k) => {
    const at: PathSegment[] = ['events', k];
    switch (e.type) {
      case 'drainVenue':
        if (!venues.has(e.venue)) add([...at, 'venue'], `unknown venue "${e.venue}"; expected one of ${list(venues)}`);
        break;
      case 'withdrawLiquidity':
        if ((e.venue === undefined) === (e.provider === undefined)) add(at, `expected exactly one of venue or provider, got ${describeValue({ venue: e.venue, provider: e.provider })}`);
        if (e.venue !== undefined && !venues.has(e.venue)) add([...at, 'venue'], `unknown venue "${e.venue}"; expected one of ${list(venues)}`);
        if (e.provider !== undefined && !providers.has(e.provider)) add([...at, 'provider'], `unknown liquidity provider "${e.provider}"; expected one of ${list(providers) || '(no venue names a provider)'}`);
        if (e.trigger) asset([...at, 'trigger', 'asset'], e.trigger.asset);
        break;
      case 'withdrawSupply':
      case 'repay': {
        const p = protocols.get(e.protocol);
        if (!p) add([...at, 'protocol'], `unknown protocol "${e.protocol}"; expected one of ${list(protocols.keys())}`);
        const m = p?.markets.find((x) => x.id === e.market);
        if (p && !m) add([...at, 'market'], `unknown market "${e.market}" of "${e.protocol}"; expected one of ${list(p.markets.map((x) => x.id))}`);
        const lends = m && p ? borrowableAssets(p, m) : [];
        if (m && !lends.includes(e.asset)) add([...at, 'asset'], `"${e.market}" does not lend "${e.asset}"; expected one of ${list(lends)}`);
        if (e.type === 'repay' && m) {
          // Only explicit positions name an owner.
          const positions = (m as { positions?: unknown }).positions;
          const owners = new Set(Array.isArray(positions) ? (positions as { owner?: string }[]).flatMap((x) => (x.owner ? [x.owner] : [])) : []);
          if (!owners.has(e.owner)) add([...at, 'owner'], `no position of owner "${e.owner}" in "${e.protocol}/${e.market}"; expected one of ${list(owners) || '(no position names an owner)'}`);
        }
        break;
      }
      case 'oracleOverride': {
        const p = protocols.get(e.protocol);
        if (!p) add([...at, 'protocol'], `unknown protocol "${e.protocol}"; expected one of ${list(protocols.keys())}`);
        if (p && e.market !== undefined && !p.markets.some((x) => x.id === e.market)) add([...at, 'market'], `unknown market "${e.market}" of "${e.protocol}"; expected one of ${list(p.markets.map((x) => x.id))}`);
        asset([...at, 'asset'], e.asset);
        break;
      }
      case 'forcedSales':
        asset([...at, 'asset'], e.asset);
        if (e.receive !== undefined) {
          if (e.receive === USD) add([...at, 'receive'], '"USD" is not tradable; expected a token asset');
          else asset([...at, 'receive'], e.receive);
        }
        break;
    }
  });
  return out;
}

/** Validates a scenario against a network; throws `ScenarioError` with every problem by path. */
export function parseScenario(json: unknown, network: Network): Scenario {
  const shaped = Scenario.safeParse(json);
  if (!shaped.success) throw new ScenarioError(fromZodIssues(shaped.error.issues, json));
  const issues = [...references(shaped.data, network), ...optionIssues(shaped.data.options)];
  if (issues.length) throw new ScenarioError(issues);
  return shaped.data;
}

/** A scenario's own `options` must be options `simulateCascade` takes: a bad one is the scenario's problem, at its path. */
function optionIssues(options: Record<string, unknown> | undefined): NetworkIssue[] {
  if (!options) return [];
  try {
    resolveOptions(options as Partial<CascadeOptions>);
    return [];
  } catch (e) {
    const message = (e as Error).message.replace(/^simulateCascade: /, '');
    const key = /^option (\S+)/.exec(message)?.[1];
    return [{ path: formatPath(key === undefined ? ['options'] : ['options', key]), message }];
  }
}
