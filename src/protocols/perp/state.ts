/**
 * The compiled state of a perp protocol: per market its margin asset, underlying, maintenance margin and
 * liquidation fee ratios, the positions column-wise (margin in margin-asset tokens, signed size in the underlying,
 * entry price in USD) and the insurance fund that covers it (a reserve of kind 'insuranceFund' for the market,
 * else one for the whole protocol, else an implicit fund at 0 per margin asset), shared by the markets it covers.
 */
import type { Network, Protocol } from '../../network/schema/network.js';
import type { AssetIndex } from '../engine.js';
import { mapArray } from '../../util/map-array.js';
import { copyWith } from '../../util/copy-with.js';

type PerpProtocol = Extract<Protocol, { family: 'perp' }>;

export interface PerpMarketState {
  id: string;
  /** Asset indices of the margin asset and of the underlying. */
  margin: number;
  underlying: number;
  maintenanceMarginRatio: number;
  liquidationFeeRatio: number;
  count: number;
  ids: string[];
  /** Margin in margin-asset tokens, signed size in the underlying, entry price (USD). */
  marginAmount: Float64Array;
  size: Float64Array;
  entryPrice: Float64Array;
  /** Index in `PerpState.reserves` of the insurance fund covering the market (an implicit one at 0 when none is given). */
  fund: number;
  /** Loss neither the fund nor ADL covered, margin-asset tokens. */
  badDebt: number;
  /** Loss borne by auto-deleveraged counterparties, margin-asset tokens. */
  socializedLoss: number;
  /** Scratch: `stamp[i] === PerpState.call` marks position i as liquidated in the current execute call (never shared). */
  stamp: Uint32Array | null;
}

export interface PerpReserve {
  label: string;
  kind: string;
  asset: number;
  amount: number;
  /** Market index it covers, −1 for the whole protocol (reported with the first market). */
  market: number;
}

export interface PerpState {
  protocol: string;
  assetCount: number;
  assetIds: string[];
  markets: PerpMarketState[];
  reserves: PerpReserve[];
  /** Count of execute calls, for the per-call stamps. */
  call: number;
}

export function compilePerp(network: Network, protocol: Protocol, assets: AssetIndex): PerpState {
  if (protocol.family !== 'perp') throw new Error(`perpEngine.compile: expected a protocol of family "perp", got "${protocol.family}" (${protocol.id})`);
  const p = protocol as PerpProtocol;
  const idx = (id: string, where: string): number => {
    const i = assets.get(id);
    if (i === undefined) throw new Error(`perpEngine.compile: unknown asset "${id}" in ${where}`);
    return i;
  };
  const reserves: PerpReserve[] = p.reserves.map((r) => ({
    label: r.label,
    kind: r.kind,
    asset: idx(r.asset, `reserve "${r.label}"`),
    amount: r.amount,
    market: r.market === undefined ? -1 : p.markets.findIndex((m) => m.id === r.market),
  }));
  const markets = p.markets.map((m, mi): PerpMarketState => {
    const c = m.collaterals[0];
    if (!c || m.collaterals.length !== 1) throw new Error(`perpEngine.compile: market "${m.id}" must have exactly one margin asset, got ${m.collaterals.length}`);
    const margin = idx(c.asset, `market "${m.id}"`);
    const underlying = idx(m.underlying, `market "${m.id}"`);
    const given = (r: PerpReserve, j: number) => j < p.reserves.length && r.kind === 'insuranceFund';
    let fund = reserves.findIndex((r, j) => given(r, j) && r.market === mi);
    if (fund < 0) fund = reserves.findIndex((r, j) => given(r, j) && r.market === -1);
    if (fund >= 0 && reserves[fund]!.asset !== margin)
      throw new Error(`perpEngine.compile: the insurance fund "${reserves[fund]!.label}" of market "${m.id}" must be in its margin asset "${c.asset}", got "${network.assets[reserves[fund]!.asset]!.id}"`);
    if (fund < 0) {
      // No fund given: an implicit one per margin asset, starting at 0 (as Maker's surplus buffer), so that a fee is kept.
      fund = reserves.findIndex((r, j) => j >= p.reserves.length && r.asset === margin);
      if (fund < 0) fund = reserves.push({ label: `insurance fund (implicit, ${c.asset})`, kind: 'insuranceFund', asset: margin, amount: 0, market: -1 }) - 1;
    }
    const n = m.positions.length;
    const marginAmount = new Float64Array(n);
    const size = new Float64Array(n);
    const entryPrice = new Float64Array(n);
    m.positions.forEach((pos, i) => {
      if (!Number.isFinite(pos.size)) throw new Error(`perpEngine.compile: size of position "${pos.id}" in market "${m.id}" must be a finite signed amount, got ${pos.size}`);
      marginAmount[i] = pos.margin;
      size[i] = pos.size;
      entryPrice[i] = pos.entryPrice;
    });
    return {
      id: m.id,
      margin,
      underlying,
      maintenanceMarginRatio: m.maintenanceMarginRatio,
      liquidationFeeRatio: m.liquidationFeeRatio,
      count: n,
      ids: m.positions.map((x) => x.id),
      marginAmount,
      size,
      entryPrice,
      fund,
      badDebt: 0,
      socializedLoss: 0,
      stamp: null,
    };
  });
  return { protocol: p.id, assetCount: network.assets.length, assetIds: network.assets.map((a) => a.id), markets, reserves, call: 0 };
}

export function clonePerp(s: PerpState): PerpState {
  return copyWith(s, {
    markets: mapArray(s.markets, (m) => copyWith(m, { marginAmount: m.marginAmount.slice(), size: m.size.slice(), entryPrice: m.entryPrice.slice(), stamp: null })),
    reserves: mapArray(s.reserves, (r) => copyWith(r, {})),
  });
}
