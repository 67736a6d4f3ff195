/**
 * The recorded rows an oracle samples (DESIGN §3 "Prices, precisely"; docs/model.md §2), and what a market's reading
 * sampled: a reading is a function of the rows it samples, the published prices and their update times, and t only
 * through the heartbeats. Recorded rows are never written (the price memo's arrays, the world's arrays, the pre-shock
 * rows), so a reading that samples the very rows the last one did, with no heartbeat able to fall due, publishes what
 * is published already and updates nothing: oracles.ts `readOracle` skips it.
 */

const ORACLE_MARKET = 0;

/** Prices recorded at the start of each round (before its trades): what a delayed oracle reads. */
export interface PriceHistory {
  roundSeconds: number;
  /** Pre-shock prices: what a delayed oracle sees for times before 0. */
  before: { market: Float64Array; external: Float64Array };
  market: Float64Array[];
  external: Float64Array[];
}

/** The pre-shock rows, made by a constructor, not a literal made once a run (route-rates.ts `Rates`: docs/scale.md "Session 15: recompiles"). */
export class RowsBefore {
  constructor(
    readonly market: Float64Array,
    readonly external: Float64Array,
  ) {}
}

/** The recorded prices (market or external by `kind`) a reader `delay` seconds late sees at t: the round's row, or the pre-shock prices. */
export function sampleRow(kind: number, delay: number, h: PriceHistory, t: number): Float64Array {
  const when = t - delay;
  const useMarket = kind === ORACLE_MARKET;
  if (when < 0) return useMarket ? h.before.market : h.before.external;
  const series = useMarket ? h.market : h.external;
  const r = Math.min(Math.floor(when / h.roundSeconds + 1e-9), series.length - 1);
  return series[r]!;
}

/** What a market's last reading sampled: per source (a kind and a delay), the row. */
export interface OracleRead {
  /** The market oracle read (oracles.ts `MarketOracle`: a reading of another configuration is not this one's); null when the reading may not be skipped. */
  spec: object | null;
  count: number;
  kinds: Uint8Array;
  delays: Float64Array;
  rows: (Float64Array | null)[];
  /** The earliest lastUpdate + heartbeat over the assets with a heartbeat (Infinity without one; −Infinity: an update time out of [0, 2^40)). */
  nextDue: number;
}

export function newOracleRead(n: number): OracleRead {
  return { spec: null, count: 0, kinds: new Uint8Array(n), delays: new Float64Array(n), rows: new Array<Float64Array | null>(n).fill(null), nextDue: Infinity };
}

/** A copy for a forked run (its state is the run's, the rows the same recorded arrays). */
export function copyOracleRead(r: OracleRead): OracleRead {
  return { spec: r.spec, count: r.count, kinds: r.kinds.slice(), delays: r.delays.slice(), rows: r.rows.slice(), nextDue: r.nextDue };
}

/** Starts the record of a reading of `spec` (the sources then come through sourceRow, the heartbeats through heartbeatAfter). */
export function beginRead(r: OracleRead, spec: object): void {
  r.spec = spec;
  r.count = 0;
  r.nextDue = Infinity;
}

/** sampleRow, recorded as one of the reading's sources. */
export function sourceRow(r: OracleRead, kind: number, delay: number, h: PriceHistory, t: number): Float64Array {
  const row = sampleRow(kind, delay, h, t);
  for (let s = 0; s < r.count; s++) if (r.kinds[s] === kind && r.delays[s] === delay) return row;
  r.kinds[r.count] = kind;
  r.delays[r.count] = delay;
  r.rows[r.count++] = row;
  return row;
}

/** Times in [0, 2^40) s: the heartbeat test's one-second margin then dwarfs every rounding (docs/scale.md "Oracle readings"). */
const MAX_SKIP_TIME = 2 ** 40;

/** Records an asset's heartbeat `hb` (> 0) after the reading, its price last updated at `lastUpdate`. */
export function heartbeatAfter(r: OracleRead, lastUpdate: number, hb: number): void {
  r.nextDue = lastUpdate >= 0 && lastUpdate < MAX_SKIP_TIME ? Math.min(r.nextDue, lastUpdate + hb) : -Infinity;
}

/**
 * Whether a reading of `spec` at t would change nothing: the last one read `spec`, every source samples the row it
 * sampled, and t is a second or more before any heartbeat falls due (`t − lastUpdate ≥ heartbeat − 1e-9`).
 */
export function readingStays(r: OracleRead, spec: object, h: PriceHistory, t: number): boolean {
  // null first, by itself: the code compiled in a thread's first run had compared receivers only, and a new run's first call deoptimised it (docs/scale.md "Session 15: recompiles").
  if (r.spec === null || r.spec !== spec || !(t >= 0 && t < MAX_SKIP_TIME && t + 1 < r.nextDue)) return false;
  for (let s = 0; s < r.count; s++) if (sampleRow(r.kinds[s]!, r.delays[s]!, h, t) !== r.rows[s]) return false;
  return true;
}
