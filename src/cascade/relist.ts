/**
 * Pairs listed again within a turn (docs/model.md §3.3). The profit floor gives every pair a protocol sells along its
 * best rate at the turn's listing, and the engines leave out the offers that cannot pay their gas even at it. On a
 * monotone pair (no venue of its route traded the other way by the protocol's pairs) the turn's own sales only
 * lower that rate, so the bound holds until the pair's group is decided. On another pair an earlier group's sale
 * may lift it: before such a group is decided the step reads the rate again, and when it rose lists the pair again
 * under the new rate (Engine.listPairBatch). Either way the group holds every offer that passes the liquidators'
 * own test at the rate they decide on — what a listing without a floor would leave after that test.
 */
import type { Engine } from '../protocols/index.js';
import { KIND_LIQUIDATION, type OfferBatch } from '../protocols/batch.js';
import type { MarketState } from '../market/index.js';
import { groupKey, groupKeyCollateral, groupKeyDebt, groupKeyMarket, pairKey } from '../util/packed-keys.js';
import { addSlot, type OfferGroups } from './groups.js';
import type { TurnFloor } from './liquidators.js';
import { pairRate, type RouteRates } from './route-rates.js';

/** Kind of a `groupKey` (its batch code). */
function groupKeyKind(key: number, n: number): number {
  return Math.floor(key / (n * n)) % 4;
}

/**
 * Gives every pair the floor bounded although the turn's sales may raise its rate a group in every market holding it
 * (`held[market]`: pair keys; null: every market), listed or not: its offers may appear when it is listed again.
 */
export function riserSlots(groups: OfferGroups, floor: TurnFloor, held: (Set<number> | null)[], n: number): void {
  for (const pair of floor.risers)
    for (let mk = 0; mk < held.length; mk++) if (held[mk]?.has(pair) ?? true) addSlot(groups, groupKey(mk, KIND_LIQUIDATION, Math.floor(pair / n), pair % n, n));
}

/** What relisting a group needs: the turn's engine, state and context fields, and the rows' breaker. */
export interface Relisting {
  eng: Engine<unknown>;
  st: unknown;
  ctx: Parameters<NonNullable<Engine<unknown>['listPairBatch']>>[1];
  floor: TurnFloor;
  offers: OfferBatch;
  /** Whether the turn has booked an execution since its listing (its sales may have moved the quote venues). */
  sold: boolean;
  /** Per collateral, until when the breaker pauses its liquidations (null: no breaker), and the turn's time. */
  pausedUntil: Float64Array | null;
  now: number;
}

/**
 * The rows of group `key` listed again when its pair's best rate on `m` rose since the floor gave it (appended to
 * the turn's offers; liquidator offers only); null when the group keeps the rows of the turn's listing. Only the
 * turn's own sales move the quote venues after its listing: a caller asks once the turn has booked one (`sold`).
 * `rates`: the memo of m's route rates when m is the run's quote market (route-rates.ts), else null.
 */
export function relistedRows(r: Relisting, m: MarketState, key: number, n: number, rates: RouteRates | null = null): Uint32Array | null {
  const c = groupKeyCollateral(key, n);
  const d = groupKeyDebt(key, n);
  if (c === d || groupKeyKind(key, n) !== KIND_LIQUIDATION) return null;
  const pair = pairKey(c, d, n);
  const given = r.floor.given[pair]!;
  if (!r.floor.risers.includes(pair) || !(given < Infinity)) return null;
  const now = pairRate(rates, m, pair, c, d);
  if (!(given < now)) return null;
  r.floor.raisedPair = pair;
  r.floor.raisedRate = now;
  try {
    return pairRows(r, key, n);
  } finally {
    r.floor.raisedPair = -1;
  }
}

/**
 * Group `key`'s rows listed again under the turn's floor (appended to its offers): liquidator offers the breaker does
 * not pause. A Uint32Array, as the groups' rows are (groups.ts): rows of two classes made the deciding polymorphic
 * and deoptimised it at a run's first relisting.
 */
export function pairRows(r: Relisting, key: number, n: number): Uint32Array {
  const c = groupKeyCollateral(key, n);
  const { offers } = r;
  const from = offers.count;
  r.eng.listPairBatch!(r.st, r.ctx, groupKeyMarket(key, n), c, groupKeyDebt(key, n), offers);
  if (paused(r, c)) return new Uint32Array(0);
  let count = 0;
  for (let row = from; row < offers.count; row++) if (!offers.automatic[row]) count++;
  const again = new Uint32Array(count);
  count = 0;
  for (let row = from; row < offers.count; row++) if (!offers.automatic[row]) again[count++] = row;
  return again;
}

/** Whether the breaker pauses liquidations of collateral c at the turn's time. */
export function paused(r: Relisting, c: number): boolean {
  return r.pausedUntil !== null && r.pausedUntil[c]! > r.now;
}
