/**
 * The fields every compiled venue carries (VenueCommon), built and checked once at compile time, and what every
 * kind's recovery shares. Units: whole tokens; prices of coin 1 per coin 0 in whole tokens (DESIGN §10).
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


export interface CommonArgs {
  id?: string;
  /** Asset id of each coin (default '0', '1', …). */
  coinIds?: readonly string[];
  /** Asset index of each coin in `network.assets` (default −1: compiled without a network). */
  coins?: ArrayLike<number>;
  fee: number;
  /** Seconds; 0 or absent = no recovery. */
  recoveryHalfLife?: number;
  provider?: string;
}

export function makeCommon(fn: string, args: CommonArgs, n: number): VenueCommon {
  const id = args.id ?? fn;
  const at = `${fn}: venue "${id}"`;
  if (!(args.fee >= 0 && args.fee < 1)) throw new Error(`${at}: fee must be in [0, 1), got ${args.fee}`);
  const half = args.recoveryHalfLife ?? 0;
  if (!(half >= 0 && half < Infinity)) throw new Error(`${at}: recoveryHalfLife must be a finite number of seconds >= 0, got ${half}`);
  const coinIds = args.coinIds ? [...args.coinIds] : Array.from({ length: n }, (_, k) => String(k));
  if (coinIds.length !== n) throw new Error(`${at}: expected ${n} coin ids, got ${coinIds.length}`);
  if (new Set(coinIds).size !== n) throw new Error(`${at}: coins must be distinct, got [${coinIds.join(', ')}]`);
  const coins = new Int32Array(n).fill(-1);
  if (args.coins) {
    if (args.coins.length !== n) throw new Error(`${at}: expected ${n} coin asset indices, got ${args.coins.length}`);
    for (let k = 0; k < n; k++) {
      const c = args.coins[k]!;
      if (!(Number.isInteger(c) && c >= -1)) throw new Error(`${at}: coins[${k}] must be an asset index >= 0 (or −1), got ${c}`);
      coins[k] = c;
    }
  }
  return { id, coins, coinIds, fee: args.fee, recoveryHalfLife: half, provider: args.provider ?? '' };
}

/**
 * The common fields of the venue each kind builds once when its module loads, with NaN for every number a trade moves
 * (a reserve, a book's mid and position, a pool's D, a price): the kind's hidden class then stores those as doubles
 * from the first real state on (util/doubles.ts). One first holding an integer gave every state of the kind a new
 * hidden class at its first fraction, in the middle of a run, and the clearing's code was deoptimised for it. The
 * numbers fixed at compile time (a fee, a half-life, A) are 0 here: they keep the class the network's values give.
 */
export const DOUBLES_PRIMER: VenueCommon = { id: '', coins: new Int32Array(0), coinIds: [''], fee: 0, recoveryHalfLife: 0, provider: '' };

/** A venue whose prices are within this relative gap of the external ones is left as it is: recovered (no arbitrage moves it). */
export const RECOVERED = 1e-12;

/**
 * The spot price (coin 1 per coin 0) a two-coin venue at `spot` recovers to after a share `keep` = 2^(−t/halfLife)
 * of its log gap to the external price prices[0]/prices[1] is left (docs/market.md §7); null when it is recovered
 * already (within RECOVERED, and `centred` on the external price where the kind keeps a centre: a book's mid).
 */
export function pairRecoveryTarget(spot: number, prices: ArrayLike<number>, keep: number, centred: boolean): number | null {
  const external = prices[0]! / prices[1]!;
  if (Math.abs(spot / external - 1) <= RECOVERED && centred) return null;
  return spot > 0 ? external * Math.pow(spot / external, keep) : external * Math.pow(Number.MIN_VALUE, keep);
}

/** Re-balancing and recovery of a two-coin venue whose state is set by its price alone (coin 1 per coin 0). */
export function pricedPair<S>(spotPrice: (s: S, i: number, j: number) => number, setPrice: (s: S, price: number) => S): { rebalanceTo(s: S, prices: ArrayLike<number>): S; recoverTo(s: S, prices: ArrayLike<number>, keep: number): S } {
  return {
    rebalanceTo: (s, prices) => setPrice(s, prices[0]! / prices[1]!),
    recoverTo: (s, prices, keep) => {
      const target = pairRecoveryTarget(spotPrice(s, 0, 1), prices, keep, true);
      return target === null ? s : setPrice(s, target);
    },
  };
}
