/**
 * Protocol oracles (DESIGN §3, §10 Structure): per market and asset, one of
 * - `market`: the network's liquidity-weighted market price of the asset,
 * - `external`: the outside world's price,
 * - `exchangeRate`: the product of the `pegOf` rates down to `base`, times base's own oracle price in that market
 *   (Aave prices wstETH by the contract rate to ETH; Liquity v2 uses the stETH market price as base),
 * each read `delaySeconds` late and published Chainlink-style: a new value when it deviates from the last published
 * one by `deviation` or more, or when `heartbeatSeconds` have passed; with neither (deviation 0, no heartbeat) every
 * round. The OSM is delay 3600 s with a 3600 s heartbeat. Before t = 0 the world was at its pre-shock prices.
 */
import type { Network, Protocol } from '../network/schema/network.js';
import type { OracleConfig } from '../network/schema/common.js';
import { USD } from '../network/schema/asset.js';
import { beginRead, copyOracleRead, heartbeatAfter, newOracleRead, readingStays, sourceRow, type OracleRead, type PriceHistory } from './oracle-rows.js';

export type { PriceHistory } from './oracle-rows.js';

export const ORACLE_MARKET = 0;
export const ORACLE_EXTERNAL = 1;
export const ORACLE_EXCHANGE_RATE = 2;

/** One market's oracle configuration, per asset index (typed arrays; assets the market does not use are external). */
export interface MarketOracle {
  kind: Uint8Array;
  /** For exchange-rate oracles: the base asset index and the product of the pegOf rates down to it. */
  base: Int32Array;
  chainRate: Float64Array;
  delay: Float64Array;
  /** Seconds, or 0 for none. */
  heartbeat: Float64Array;
  deviation: Float64Array;
}

export interface OracleState {
  published: Float64Array;
  lastUpdate: Float64Array;
  /** What the last reading sampled (oracle-rows.ts): a reading of the same rows with no heartbeat due is skipped. */
  read: OracleRead;
}


const KIND = { market: ORACLE_MARKET, external: ORACLE_EXTERNAL, exchangeRate: ORACLE_EXCHANGE_RATE } as const;

export function compileMarketOracle(network: Network, protocol: Protocol, marketIndex: number): MarketOracle {
  const n = network.assets.length;
  const index = new Map(network.assets.map((a, i) => [a.id, i]));
  const market = protocol.markets[marketIndex]!;
  const fallback: OracleConfig = protocol.oracle ?? { kind: 'external', delaySeconds: 0, deviation: 0 };
  const o: MarketOracle = {
    kind: new Uint8Array(n),
    base: new Int32Array(n).fill(-1),
    chainRate: new Float64Array(n).fill(1),
    delay: new Float64Array(n),
    heartbeat: new Float64Array(n),
    deviation: new Float64Array(n),
  };
  network.assets.forEach((a, i) => {
    const cfg = market.oracles?.[a.id] ?? fallback;
    o.kind[i] = KIND[cfg.kind];
    o.delay[i] = cfg.delaySeconds;
    o.heartbeat[i] = cfg.heartbeatSeconds ?? 0;
    o.deviation[i] = cfg.deviation;
    if (cfg.kind === 'exchangeRate') {
      let rate = 1;
      let x = a;
      for (let guard = 0; x.id !== cfg.base && x.pegOf && x.pegOf.asset !== USD && guard < n; guard++) {
        rate *= x.pegOf.rate;
        x = network.assets[index.get(x.pegOf.asset)!]!;
      }
      if (x.id !== cfg.base) throw new Error(`compileMarketOracle: "${a.id}" does not redeem into "${cfg.base}" in ${protocol.id}/${market.id}`);
      o.base[i] = index.get(cfg.base)!;
      o.chainRate[i] = rate;
      // The base is priced by its own oracle in this market; an exchange-rate base would loop.
      if (o.base[i] === i) o.kind[i] = ORACLE_EXTERNAL;
    }
  });
  return o;
}

export function initialOracleState(n: number, prices: Float64Array): OracleState {
  return { published: prices.slice(), lastUpdate: new Float64Array(n), read: newOracleRead(n) };
}

/** A copy a forked run reads on. */
export function copyOracleState(s: OracleState): OracleState {
  return { published: s.published.slice(), lastUpdate: s.lastUpdate.slice(), read: copyOracleRead(s.read) };
}

function sample(o: MarketOracle, r: OracleRead, h: PriceHistory, i: number, t: number, depth: number): number {
  const kind = o.kind[i]!;
  if (kind === ORACLE_EXCHANGE_RATE && depth < 8) return o.chainRate[i]! * sample(o, r, h, o.base[i]!, t, depth + 1);
  return sourceRow(r, kind, o.delay[i]!, h, t)[i]!;
}

/**
 * Updates a market's published oracle prices for time t (whether more is still to come is oracleWaiting's question);
 * a reading that would change nothing (oracle-rows.ts `readingStays`) is skipped: false then, true after a reading.
 */
export function readOracle(o: MarketOracle, state: OracleState, history: PriceHistory, t: number): boolean {
  const memo = state.read;
  if (readingStays(memo, o, history, t)) return false;
  beginRead(memo, o);
  const n = o.kind.length;
  // Whether every price read is a number (a NaN never equals what it published: such a reading always updates).
  let numbers = true;
  // The row the previous asset read: assets of one kind and delay read the same one (in most markets, every asset).
  let rowKind = -1;
  let rowDelay = NaN;
  let row: Float64Array = history.before.external;
  for (let i = 0; i < n; i++) {
    const kind = o.kind[i]!;
    let x: number;
    if (kind === ORACLE_EXCHANGE_RATE) x = sample(o, memo, history, i, t, 0);
    else {
      const delay = o.delay[i]!;
      if (kind !== rowKind || delay !== rowDelay) {
        row = sourceRow(memo, kind, delay, history, t);
        rowKind = kind;
        rowDelay = delay;
      }
      x = row[i]!;
    }
    const dev = o.deviation[i]!;
    const hb = o.heartbeat[i]!;
    const last = state.published[i]!;
    const every = dev === 0 && hb === 0;
    // x === last never deviates (x / last − 1 is 0, or NaN for 0/0): the division is skipped.
    const moved = dev > 0 && x !== last && Math.abs(x / last - 1) >= dev;
    const due = hb > 0 && t - state.lastUpdate[i]! >= hb - 1e-9;
    if (every || moved || due) {
      if (x !== last) state.lastUpdate[i] = t;
      else if (due) state.lastUpdate[i] = t;
      state.published[i] = x;
    }
    if (x !== x) numbers = false;
    if (hb > 0) heartbeatAfter(memo, state.lastUpdate[i]!, hb);
  }
  if (!numbers) memo.spec = null;
  return true;
}

/** Oracle timing the caller imposes on every protocol (option `oracle`): given fields replace the network's. */
export interface OracleTiming {
  delaySeconds?: number;
  heartbeatSeconds?: number;
  deviation?: number;
}

/** A market's oracle with the caller's timing; the network's values rule where the option says nothing. */
export function withOracleOptions(o: MarketOracle, t: OracleTiming | null): MarketOracle {
  if (!t) return o;
  const n = o.kind.length;
  return {
    ...o,
    delay: t.delaySeconds === undefined ? o.delay : new Float64Array(n).fill(t.delaySeconds),
    heartbeat: t.heartbeatSeconds === undefined ? o.heartbeat : new Float64Array(n).fill(t.heartbeatSeconds),
    deviation: t.deviation === undefined ? o.deviation : new Float64Array(n).fill(t.deviation),
  };
}

/**
 * Whether a market's oracle may still publish a price that differs from the one it publishes now by more than
 * `tolerance` (by more than its deviation band where it has no heartbeat): the values its future reads sample, from
 * t + dt − delay to the latest recorded round, against what it published. A run is not settled while one may.
 */
export function oracleWaiting(o: MarketOracle, state: OracleState, history: PriceHistory, t: number, tolerance: number): boolean {
  const dt = history.roundSeconds;
  for (let i = 0; i < o.kind.length; i++) {
    if (o.kind[i] === ORACLE_EXCHANGE_RATE) continue; // it follows its base, itself checked
    const dev = o.deviation[i]!;
    const band = o.heartbeat[i]! > 0 || dev === 0 ? tolerance : Math.max(dev, tolerance);
    const series = o.kind[i] === ORACLE_MARKET ? history.market : history.external;
    const from = Math.max(0, Math.floor((t + dt - o.delay[i]!) / dt + 1e-9));
    const last = state.published[i]!;
    for (let r = from; r < series.length; r++) if (Math.abs(series[r]![i]! / last - 1) > band) return true;
  }
  return false;
}
