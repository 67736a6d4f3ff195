/** Protocols and their markets: ids, references, oracles, reserves, borrowers and the family rules. */
import type { Market, Network, Protocol } from '../schema/network.js';
import type { OracleConfig } from '../schema/common.js';
import type { Position } from '../schema/positions.js';
import type { PathSegment } from '../path.js';
import { marketAssets, marketDebt, validateGenerator, validatePositions } from './borrowers.js';
import { validateFamilyRules } from './families.js';
import type { IssueList } from './issue-list.js';

function validateOracle(o: OracleConfig, asset: string | undefined, at: PathSegment[], net: Network, out: IssueList): void {
  const byId = new Map(net.assets.map((a) => [a.id, a]));
  if (o.kind !== 'exchangeRate') {
    if (o.base !== undefined) out.expect([...at, 'base'], 'no base (only an exchangeRate oracle has one)', o.base);
    return;
  }
  if (o.base === undefined) {
    out.add([...at, 'base'], 'missing field: expected the asset an exchangeRate oracle prices down to (wstETH → base ETH)');
    return;
  }
  if (!byId.has(o.base)) {
    out.unknown([...at, 'base'], 'asset', o.base, byId.keys());
    return;
  }
  if (asset === undefined) return;
  // The base must lie on the asset's pegOf chain (wstETH → stETH → ETH).
  const chain = [asset];
  for (let a = byId.get(asset); a?.pegOf && !chain.includes(a.pegOf.asset); a = byId.get(a.pegOf.asset)) chain.push(a.pegOf.asset);
  if (!chain.includes(o.base)) out.add([...at, 'base'], `"${o.base}" is not on the pegOf chain of "${asset}" (${chain.join(' → ')}); expected an asset it redeems into`);
}

function validateMarket(p: Protocol, m: Market, at: PathSegment[], net: Network, out: IssueList): void {
  const assets = new Set(net.assets.map((a) => a.id));
  m.collaterals.forEach((c, k) => {
    if (!assets.has(c.asset)) out.unknown([...at, 'collaterals', k, 'asset'], 'asset', c.asset, assets);
    if (m.collaterals.findIndex((x) => x.asset === c.asset) !== k) out.add([...at, 'collaterals', k, 'asset'], `collateral "${c.asset}" listed twice; expected each asset once`);
  });
  const borrowables = p.family === 'perp' ? [] : (m as { borrowables: { asset: string; supply?: number }[] }).borrowables;
  borrowables.forEach((b, k) => {
    if (!assets.has(b.asset)) out.unknown([...at, 'borrowables', k, 'asset'], 'asset', b.asset, assets);
    if (borrowables.findIndex((x) => x.asset === b.asset) !== k) out.add([...at, 'borrowables', k, 'asset'], `borrowable "${b.asset}" listed twice; expected each asset once`);
  });
  if (p.family === 'perp') {
    const u = (m as Extract<Protocol, { family: 'perp' }>['markets'][number]).underlying;
    if (!assets.has(u)) out.unknown([...at, 'underlying'], 'asset', u, assets);
  }
  const a = marketAssets(p, m);
  const own = new Set([...a.collaterals, ...a.borrowables]);
  if (p.family === 'perp') own.add((m as { underlying: string }).underlying);
  for (const [asset, o] of Object.entries(m.oracles ?? {})) {
    if (!own.has(asset)) out.unknown([...at, 'oracles', asset], 'asset of this market', asset, own);
    validateOracle(o, asset, [...at, 'oracles', asset], net, out);
  }
  validateFamilyRules(p, m, at, out);
  if (p.family === 'perp') {
    out.unique((m as { positions: { id: string }[] }).positions, [...at, 'positions'], 'position');
    return;
  }
  const raw = (m as { positions?: unknown }).positions;
  const positions: Position[] = Array.isArray(raw) ? raw : [];
  if (raw !== undefined && !Array.isArray(raw))
    out.add([...at, 'positions', 'csv'], 'a CSV side file is read by loadNetwork(path) only; expected positions inline when calling parseNetwork');
  validatePositions(positions, [...at, 'positions'], a, out);
  const g = (m as { generator?: Parameters<typeof validateGenerator>[0] }).generator;
  if (g) validateGenerator(g, [...at, 'generator'], a, out);
  const debt = marketDebt(m, positions);
  borrowables.forEach((b, k) => {
    const r = (b as { rateModel?: import('../schema/rates.js').RateModel }).rateModel;
    if (r?.model === 'fraxlendVariable') {
      if (r.minTargetUtil > r.maxTargetUtil) out.expect([...at, 'borrowables', k, 'rateModel', 'maxTargetUtil'], `maxTargetUtil >= minTargetUtil (${r.minTargetUtil})`, r.maxTargetUtil);
      if (r.minFullUtilRate > r.maxFullUtilRate) out.expect([...at, 'borrowables', k, 'rateModel', 'maxFullUtilRate'], `maxFullUtilRate >= minFullUtilRate (${r.minFullUtilRate})`, r.maxFullUtilRate);
    }
    if (r?.model === 'morphoAdaptiveCurve' && r.minRateAtTarget > r.maxRateAtTarget)
      out.expect([...at, 'borrowables', k, 'rateModel', 'maxRateAtTarget'], `maxRateAtTarget >= minRateAtTarget (${r.minRateAtTarget})`, r.maxRateAtTarget);
    const d = debt.get(b.asset) ?? 0;
    if (b.supply !== undefined && b.supply + 1e-9 * Math.max(1, d) < d)
      out.expect([...at, 'borrowables', k, 'supply'], `supply >= the ${d} ${b.asset} its borrowers owe`, b.supply);
  });
}

export function validateProtocols(net: Network, out: IssueList): void {
  out.unique(net.protocols, ['protocols'], 'protocol');
  const assets = new Set(net.assets.map((a) => a.id));
  net.protocols.forEach((p, i) => {
    const at: PathSegment[] = ['protocols', i];
    if (p.markets.length > 0 && !p.oracle) out.add([...at, 'oracle'], 'missing field: expected the default oracle of a protocol with markets ({ kind: "market" | "external" | "exchangeRate", … })');
    if (p.oracle) validateOracle(p.oracle, undefined, [...at, 'oracle'], net, out);
    out.unique(p.markets, [...at, 'markets'], 'market');
    const marketIds = new Set(p.markets.map((m) => m.id));
    p.reserves.forEach((r, k) => {
      if (!assets.has(r.asset)) out.unknown([...at, 'reserves', k, 'asset'], 'asset', r.asset, assets);
      if (r.market !== undefined && !marketIds.has(r.market)) out.unknown([...at, 'reserves', k, 'market'], 'market of this protocol', r.market, marketIds);
    });
    if (p.family === 'compound-v3') {
      p.markets.forEach((m, k) => {
        const base = m.borrowables[0]?.asset;
        const own = p.reserves.filter((r) => r.market === m.id);
        if (own.some((r) => r.asset !== base)) out.add([...at, 'reserves'], `a Comet's reserves are in its base asset; expected reserves of market "${m.id}" in "${base}"`);
        if (k === 0 && p.reserves.some((r) => r.market === undefined)) out.add([...at, 'reserves'], 'each Comet keeps its own reserves; expected `market` on every reserve of a compound-v3 protocol');
      });
    }
    p.markets.forEach((m, k) => validateMarket(p, m, [...at, 'markets', k], net, out));
  });
}

export function validateHoldings(net: Network, out: IssueList): void {
  const protocols = new Set(net.protocols.map((p) => p.id));
  const byId = new Map(net.assets.map((a) => [a.id, a]));
  net.holdings.forEach((h, i) => {
    if (!protocols.has(h.holder)) out.unknown(['holdings', i, 'holder'], 'protocol', h.holder, protocols);
    const a = byId.get(h.asset);
    if (!a) out.unknown(['holdings', i, 'asset'], 'asset', h.asset, byId.keys());
    else if (a.issuer === undefined)
      out.add(['holdings', i, 'asset'], `no protocol issues "${h.asset}"; expected a token with an issuer (set assets[${net.assets.indexOf(a)}].issuer)`);
    else if (a.issuer === h.holder) out.add(['holdings', i, 'holder'], `"${h.holder}" issues "${h.asset}" itself; expected a holder other than the issuer`);
  });
}
