/**
 * Compiled venue states (DESIGN §3, §10 Venues): one plain object per venue, numeric fields and typed arrays
 * only, so that the clearing's hot loops never touch a Map or a graph object. A state is a value: no function
 * of the market layer mutates one; `apply` returns the next state. Coin indices `i`, `j` are positions in
 * `coins` (asset indices in `network.assets`, or −1 for a venue compiled without a network).
 * Units: whole tokens; prices of coin 1 per coin 0 in whole tokens (DESIGN §10 Numbers and units).
 */

export interface VenueCommon {
  readonly id: string;
  /** Asset index (position in `network.assets`) of each coin; −1 when compiled without a network. */
  readonly coins: Int32Array;
  /** Asset id of each coin. */
  readonly coinIds: readonly string[];
  /** Trading fee, a share in [0, 1) (0.003 = 30 bp). */
  readonly fee: number;
  /** Recovery half-life in seconds; 0 when the venue does not refill towards the external price. */
  readonly recoveryHalfLife: number;
  /** Liquidity-provider label shared with other venues (a withdrawal hits them together); '' when none. */
  readonly provider: string;
}

/** Uniswap v2 style x·y = k; the fee stays in the reserves (UniswapV2Pair.swap). */
export interface ConstantProductState extends VenueCommon {
  readonly kind: 'constantProduct';
  readonly reserve0: number;
  readonly reserve1: number;
}

/**
 * Uniswap v3 style liquidity on price ranges: √price bounds ascending, disjoint, each with its active
 * liquidity L > 0 (whole-token units); between ranges there is none. The fee is paid outside the curve.
 */
export interface ConcentratedState extends VenueCommon {
  readonly kind: 'concentrated';
  readonly sqrtLower: Float64Array;
  readonly sqrtUpper: Float64Array;
  readonly liquidity: Float64Array;
  /** √P, P = coin 1 per coin 0 in whole tokens. */
  readonly sqrtPrice: number;
}

/**
 * Curve StableSwap: balances scaled by the stored rates (`xp = balance × rate`, Curve's `_xp`), `A` as the
 * contract's A(), `Ann = A·n`, and the invariant D of the current balances. The fee is taken on the output and
 * stays in the pool (admin fee not withdrawn).
 */
export interface StableswapState extends VenueCommon {
  readonly kind: 'stableswap';
  readonly n: number;
  readonly A: number;
  readonly Ann: number;
  readonly rates: Float64Array;
  readonly xp: Float64Array;
  readonly D: number;
}

/**
 * A centralized exchange book as one continuous price curve through the external mid: the relative price
 * g(s) of the last unit traded after the book has absorbed a net sale of s base tokens (s < 0: net purchase).
 * Depth model: piecewise linear between the levels (knots ascending in s). Square-root model:
 * g = 1 − k·√(s/V) for s ≥ 0 (floored at zero), 1 + k·√(−s/V) for s < 0, k = Y·σ_daily.
 */
export interface OrderBookState extends VenueCommon {
  readonly kind: 'orderBook';
  readonly model: 'depth' | 'sqrtImpact';
  /** External mid price, quote per base, that the book is quoted around. */
  readonly mid: number;
  /** Net base sold into the book since it was last centred (negative: net bought). */
  readonly position: number;
  /** Depth model: knot positions s (ascending; a repeated s is a price jump) and relative prices g there. */
  readonly knotS: Float64Array;
  readonly knotG: Float64Array;
  /** ∫₀^s g, at each knot. */
  readonly knotArea: Float64Array;
  /** Square-root model: k = Y·σ_daily and V = daily volume in base tokens (0 for a depth book). */
  readonly impact: number;
  readonly dailyVolume: number;
}

export type VenueState = ConstantProductState | ConcentratedState | StableswapState | OrderBookState;
export type VenueStateKind = VenueState['kind'];
