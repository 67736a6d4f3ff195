/** The fields every compiled venue carries (types.ts VenueCommon), built and checked once at compile time. */
import type { VenueCommon } from './types.js';

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
