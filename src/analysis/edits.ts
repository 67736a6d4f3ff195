/**
 * Network edits for what-ifs and parameter searches (DESIGN §6 policy what-ifs, §10 Parameters): a collateral's
 * liquidation threshold or incentive set from its normalised value (each family's own field, in the contract's form),
 * a supply cap on a collateral, deeper liquidity in a venue. Positions stay as they are: borrowers do not re-lever to
 * a new parameter. Every edit returns a new, re-validated network and says in words what it changed.
 */
import { NetworkError } from '../network/errors.js';
import { parseNetwork } from '../network/parse.js';
import type { Network, Protocol } from '../network/schema/network.js';
import type { Position } from '../network/schema/positions.js';
import { venueFacts } from '../network/schema/venue/kinds.js';

export interface EditedNetwork {
  network: Network;
  /** What the edit changed, in words (one line per change). */
  changes: string[];
}

type AnyMarket = Protocol['markets'][number];

function fail(fn: string, message: string): never {
  throw new Error(`${fn}: ${message}`);
}

/** The protocol and market an edit names (by id), or an error listing the ids there are. */
export function findMarket(network: Network, fn: string, protocol: string, market: string): { p: Protocol; m: AnyMarket } {
  const p = network.protocols.find((x) => x.id === protocol);
  if (!p) fail(fn, `unknown protocol "${protocol}"; expected one of ${network.protocols.map((x) => `"${x.id}"`).join(', ')}`);
  const m = (p.markets as AnyMarket[]).find((x) => x.id === market);
  if (!m) fail(fn, `unknown market "${market}" of "${protocol}"; expected one of ${(p.markets as AnyMarket[]).map((x) => `"${x.id}"`).join(', ')}`);
  return { p, m };
}

function revalidate(fn: string, json: unknown, what: string): Network {
  try {
    return parseNetwork(json);
  } catch (e) {
    if (e instanceof NetworkError) fail(fn, `${what} makes the network invalid: ${e.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
    throw e;
  }
}

/** The fields of a collateral entry, whichever its family (each family has some of them). */
interface CollateralFields {
  asset: string;
  ltv?: number;
  liquidationThreshold?: number;
  liquidationBonus?: number;
  liquidateCollateralFactor?: number;
  borrowCollateralFactor?: number;
  liquidationFactor?: number;
  lltv?: number;
  mat?: number;
  MCR?: number;
  CCR?: number;
  supplyCap?: number;
}

function collateralOf(fn: string, m: AnyMarket, protocol: string, asset: string): CollateralFields {
  const c = (m.collaterals as CollateralFields[]).find((x) => x.asset === asset);
  if (!c) fail(fn, `"${asset}" is not a collateral of ${protocol}/${m.id}; expected one of ${m.collaterals.map((x) => `"${x.asset}"`).join(', ')}`);
  return c;
}

/** The entry an Aave/generic edit writes: the e-mode's collateral when an e-mode is named, else the market's. */
function emodeTarget(fn: string, p: Protocol, m: AnyMarket, c: CollateralFields, emode: number | undefined): CollateralFields {
  if (emode === undefined) return c;
  if (p.family !== 'aave-v3') fail(fn, `e-mode ${emode} given for ${p.id}, a ${p.family} protocol without e-modes`);
  const ec = (m as Extract<Protocol, { family: 'aave-v3' }>['markets'][number]).emodes.find((x) => x.id === emode)?.collaterals.find((x) => x.asset === c.asset);
  if (!ec) fail(fn, `e-mode ${emode} of ${p.id}/${m.id} has no collateral "${c.asset}"`);
  return ec;
}

const pct = (x: number) => `${+(x * 100).toFixed(4)}%`;

/**
 * Sets the liquidation threshold of one collateral (normalised, DESIGN §10): Aave/generic `liquidationThreshold` (the
 * e-mode's when `emode` is given; `ltv` lowered with it when above), Comet `liquidateCollateralFactor`
 * (`borrowCollateralFactor` kept below it), Morpho `lltv`, Maker `mat` = 1/LT, Liquity `MCR` = 1/LT (CCR kept at or
 * above it), perp `maintenanceMarginRatio` = 1 − LT.
 */
export function withLiquidationThreshold(network: Network, protocol: string, market: string, asset: string, value: number, emode?: number): EditedNetwork {
  const fn = 'withLiquidationThreshold';
  if (!(typeof value === 'number' && value > 0 && value <= 1)) fail(fn, `the threshold must be a share in (0, 1], got ${String(value)}`);
  const json = structuredClone(network);
  const { p, m } = findMarket(json, fn, protocol, market);
  const at = `${protocol}/${market}/${asset}`;
  const changes: string[] = [];
  const c = collateralOf(fn, m, protocol, asset);
  switch (p.family) {
    case 'aave-v3':
    case 'generic': {
      const target = emodeTarget(fn, p, m, c, emode);
      changes.push(`${at}${emode !== undefined ? ` (e-mode ${emode})` : ''}: liquidationThreshold ${pct(target.liquidationThreshold!)} → ${pct(value)}`);
      target.liquidationThreshold = value;
      if (target.ltv !== undefined && target.ltv > value) {
        changes.push(`${at}: ltv ${pct(target.ltv)} → ${pct(value)} (ltv <= liquidationThreshold)`);
        target.ltv = value;
      }
      break;
    }
    case 'compound-v3':
      changes.push(`${at}: liquidateCollateralFactor ${pct(c.liquidateCollateralFactor!)} → ${pct(value)}`);
      c.liquidateCollateralFactor = value;
      if (c.borrowCollateralFactor! >= value) {
        const b = Math.max(0, value - 0.01);
        changes.push(`${at}: borrowCollateralFactor ${pct(c.borrowCollateralFactor!)} → ${pct(b)} (kept below the liquidation factor)`);
        c.borrowCollateralFactor = b;
      }
      break;
    case 'morpho-blue':
      if (!(value < 1)) fail(fn, `a Morpho lltv must be below 1, got ${value}`);
      changes.push(`${at}: lltv ${pct(c.lltv!)} → ${pct(value)} (the incentive follows: min(1.15, 1/(0.3·lltv + 0.7)))`);
      c.lltv = value;
      break;
    case 'maker':
      changes.push(`${at}: mat ${c.mat} → ${1 / value}`);
      c.mat = 1 / value;
      break;
    case 'liquity':
      changes.push(`${at}: MCR ${c.MCR} → ${1 / value}`);
      c.MCR = 1 / value;
      if (c.CCR! < c.MCR) {
        changes.push(`${at}: CCR ${c.CCR} → ${c.MCR} (CCR >= MCR)`);
        c.CCR = c.MCR;
      }
      break;
    case 'perp': {
      const pm = m as Extract<Protocol, { family: 'perp' }>['markets'][number];
      if (!(value < 1)) fail(fn, `a perp's threshold 1 − maintenanceMarginRatio must be below 1, got ${value}`);
      changes.push(`${protocol}/${market}: maintenanceMarginRatio ${pct(pm.maintenanceMarginRatio)} → ${pct(1 - value)}`);
      pm.maintenanceMarginRatio = 1 - value;
      break;
    }
  }
  return { network: revalidate(fn, json, `a liquidation threshold of ${value} for ${at}`), changes };
}

/**
 * Sets the liquidation incentive of one collateral (normalised: the excess paid to whoever takes it): Aave/generic
 * `liquidationBonus` (the e-mode's when given), Comet's `liquidationFactor` from d = v/(1 + v) = storeFrontPriceFactor·
 * (1 − liquidationFactor), Liquity v2 `liquidationPenaltySP`. Morpho derives its incentive from the lltv, Maker's comes
 * from the auction, Liquity v1's from the MCR, and a perp pays none: each is refused with the reason.
 */
export function withLiquidationIncentive(network: Network, protocol: string, market: string, asset: string, value: number, emode?: number): EditedNetwork {
  const fn = 'withLiquidationIncentive';
  if (!(typeof value === 'number' && value >= 0 && value < 1)) fail(fn, `the incentive must be a share in [0, 1), got ${String(value)}`);
  const json = structuredClone(network);
  const { p, m } = findMarket(json, fn, protocol, market);
  const at = `${protocol}/${market}/${asset}`;
  const c = collateralOf(fn, m, protocol, asset);
  const changes: string[] = [];
  switch (p.family) {
    case 'aave-v3':
    case 'generic': {
      const target = emodeTarget(fn, p, m, c, emode);
      changes.push(`${at}${emode !== undefined ? ` (e-mode ${emode})` : ''}: liquidationBonus ${pct(target.liquidationBonus!)} → ${pct(value)}`);
      target.liquidationBonus = value;
      break;
    }
    case 'compound-v3': {
      const sf = (m as Extract<Protocol, { family: 'compound-v3' }>['markets'][number]).storeFrontPriceFactor;
      const lf = 1 - value / (1 + value) / sf;
      if (!(sf > 0 && lf >= 0 && lf <= 1)) fail(fn, `an incentive of ${value} needs storeFrontPriceFactor·(1 − liquidationFactor) = ${value / (1 + value)}, out of reach with storeFrontPriceFactor ${sf}`);
      changes.push(`${at}: liquidationFactor ${c.liquidationFactor} → ${lf} (incentive d/(1 − d), d = storeFrontPriceFactor·(1 − liquidationFactor))`);
      c.liquidationFactor = lf;
      break;
    }
    case 'liquity': {
      if (p.version !== 'v2') fail(fn, `Liquity v1 has no penalty parameter (its incentive follows from the MCR); change the threshold instead`);
      const lm = m as Extract<Protocol, { family: 'liquity' }>['markets'][number];
      changes.push(`${protocol}/${market}: liquidationPenaltySP ${lm.liquidationPenaltySP} → ${value}`);
      lm.liquidationPenaltySP = value;
      break;
    }
    case 'morpho-blue':
      fail(fn, `Morpho Blue derives its incentive from the lltv (min(1.15, 1/(0.3·lltv + 0.7))); change the threshold instead`);
    case 'maker':
      fail(fn, `Maker's incentive comes from its auction (buf, calc, chip, tip), not from one parameter`);
    case 'perp':
      fail(fn, `a perp pays no liquidation incentive`);
  }
  return { network: revalidate(fn, json, `a liquidation incentive of ${value} for ${at}`), changes };
}

function scalePosition(pos: Position, s: number): void {
  for (const k of Object.keys(pos.collateral)) pos.collateral[k]! *= s;
  for (const k of Object.keys(pos.debt)) pos.debt[k]! *= s;
}

/**
 * A supply cap on one collateral of one market, applied to the snapshot: where the market holds more of the asset
 * than the cap, every position holding it (and every generator pair on it) is scaled down whole — collateral and debt
 * by the same factor cap / total — so each keeps its health factor and the market holds exactly the cap.
 */
export function withSupplyCap(network: Network, protocol: string, market: string, asset: string, cap: number): EditedNetwork {
  const fn = 'withSupplyCap';
  if (!(typeof cap === 'number' && cap >= 0 && Number.isFinite(cap))) fail(fn, `the cap must be a finite number of tokens >= 0, got ${String(cap)}`);
  const json = structuredClone(network);
  const { p, m } = findMarket(json, fn, protocol, market);
  if (p.family === 'perp') fail(fn, `${protocol} is a perp: margin is not a supply with a cap`);
  const at = `${protocol}/${market}/${asset}`;
  const c = collateralOf(fn, m, protocol, asset);
  const positions = Array.isArray((m as { positions?: unknown }).positions) ? ((m as { positions: Position[] }).positions) : [];
  const pairs = ((m as { generator?: { pairs: { collateral: string; totalCollateral: number; totalDebt: number }[] } }).generator?.pairs ?? []).filter((x) => x.collateral === asset);
  const total = positions.reduce((s, x) => s + (x.collateral[asset] ?? 0), 0) + pairs.reduce((s, x) => s + x.totalCollateral, 0);
  if ('supplyCap' in c || p.family === 'aave-v3' || p.family === 'compound-v3') c.supplyCap = cap;
  if (total <= cap) return { network: revalidate(fn, json, `a supply cap for ${at}`), changes: [`${at}: supply cap ${cap} at or above the ${total} supplied: no position changes`] };
  const s = total > 0 ? cap / total : 1;
  let scaled = 0;
  for (const pos of positions) if ((pos.collateral[asset] ?? 0) > 0) (scalePosition(pos, s), scaled++);
  for (const pair of pairs) {
    pair.totalCollateral *= s;
    pair.totalDebt *= s;
  }
  const changes = [`${at}: supply cap ${cap} below the ${total} supplied: ${scaled} positions and ${pairs.length} generator pairs holding it scaled by ${s} (collateral and debt alike; health factors unchanged)`];
  return { network: revalidate(fn, json, `a supply cap for ${at}`), changes };
}

/**
 * Deeper liquidity in one venue: `factor` times the amount for the same price impact — x·y=k reserves, v3 range
 * liquidity, StableSwap balances and order-book depth levels multiplied by it; a square-root-law book's daily volume
 * multiplied by it (impact depends on Q/V).
 */
export function withVenueDepth(network: Network, venue: string, factor: number): EditedNetwork {
  const fn = 'withVenueDepth';
  if (!(typeof factor === 'number' && factor > 0 && Number.isFinite(factor))) fail(fn, `the depth factor must be a finite number > 0, got ${String(factor)}`);
  const json = structuredClone(network);
  const v = json.venues.find((x) => x.id === venue);
  if (!v) fail(fn, `unknown venue "${venue}"; expected one of ${json.venues.map((x) => `"${x.id}"`).join(', ')}`);
  venueFacts(v).deepen(v, factor);
  return { network: revalidate(fn, json, `a depth factor for ${venue}`), changes: [`${venue} (${v.kind}): liquidity ×${factor}`] };
}
