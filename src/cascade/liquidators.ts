/**
 * The liquidator step (DESIGN §4, §5, §10 Engines and liquidators): liquidators are agents with a motive. An offer
 * is taken only while it pays — the collateral received, sold along its route to the debt asset, must return more
 * than the debt paid plus a gas cost per liquidation — and within keeper capacity (USD of debt repaid per protocol
 * per round) and any gradual-liquidation cap (per market per round). Offers of one protocol, market, collateral and
 * debt asset are taken in order of collateral received per unit of debt (most profitable first), each seeing the
 * price impact of those before it: with P(Q) the proceeds of selling Q collateral from the round's venue state
 * (concave), offer m pays when P(Q_m) − P(Q_{m−1}) ≥ r_m + gas. The boundary is found by bisection; the first offer
 * that does not pay in full is taken for the largest part that does. Without profit gating everything is taken.
 */
import { cloneMarket, routeBetween, sellAlongRoute, type MarketState } from '../market/index.js';
import type { Offer, Order } from '../protocols/index.js';

export interface DecideInput {
  m: MarketState;
  offers: Offer[];
  /** USD price of the debt asset used to convert caps and gas (the round's market price). */
  debtPriceUsd: number;
  profitGating: boolean;
  /** Gas per liquidation, USD. */
  gasUsd: number;
  /** Remaining USD of debt this group may repay (keeper capacity, gradual cap); Infinity when unlimited. */
  budgetUsd: number;
}

/** Proceeds, in the debt asset, of selling `q` collateral along the route from the round's current venue state. */
export function quoteProceeds(m: MarketState, from: number, to: number, q: number): number {
  if (q <= 0) return 0;
  if (from === to) return q;
  const trial = cloneMarket(m);
  return sellAlongRoute(trial, routeBetween(trial.routes, from, to), q).received;
}

/** The orders a group of offers (same collateral and debt asset) receives. */
export function decideGroup(d: DecideInput): Order[] {
  const offers = [...d.offers].sort((a, b) => b.collateralPerDebt * b.takerShare - a.collateralPerDebt * a.takerShare || b.maxRepay - a.maxRepay);
  const budget = d.debtPriceUsd > 0 ? d.budgetUsd / d.debtPriceUsd : 0;
  if (!d.profitGating) return capToBudget(offers, budget);
  const first = offers[0];
  if (!first) return [];
  const from = first.collateralAsset;
  const to = first.debtAsset;
  const gas = d.debtPriceUsd > 0 ? d.gasUsd / d.debtPriceUsd : Infinity;
  // Best case: the spot proceeds per unit of collateral (a tiny sale); offers that cannot pay their gas even then are dropped.
  const probe = Math.max(1e-9, offers.reduce((s, o) => s + o.maxRepay * o.collateralPerDebt * o.takerShare, 0) * 1e-9);
  const spot = quoteProceeds(d.m, from, to, probe) / probe;
  const viable = offers.filter((o) => o.maxRepay * (o.collateralPerDebt * o.takerShare * spot - 1) > gas);
  if (viable.length === 0) return [];
  const cumQ = new Float64Array(viable.length + 1);
  const cumR = new Float64Array(viable.length + 1);
  viable.forEach((o, k) => {
    cumQ[k + 1] = cumQ[k]! + o.maxRepay * o.collateralPerDebt * o.takerShare;
    cumR[k + 1] = cumR[k]! + o.maxRepay;
  });
  const P = new Map<number, number>();
  const proceeds = (k: number) => {
    let v = P.get(k);
    if (v === undefined) P.set(k, (v = quoteProceeds(d.m, from, to, cumQ[k]!)));
    return v;
  };
  const pays = (k: number) => proceeds(k) - proceeds(k - 1) >= viable[k - 1]!.maxRepay + gas;
  // Largest m with offer m paying in full, assuming the marginal proceeds fall as more is sold.
  let lo = 0;
  let hi = viable.length;
  if (pays(hi)) lo = hi;
  else {
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (pays(mid)) lo = mid;
      else hi = mid;
    }
  }
  const taken = viable.slice(0, lo).map((o) => ({ offer: o, repay: o.maxRepay }));
  const next = viable[lo];
  if (next) {
    // The largest part of the next offer that still pays.
    const k = next.collateralPerDebt * next.takerShare;
    const base = proceeds(lo);
    const gain = (x: number) => quoteProceeds(d.m, from, to, cumQ[lo]! + x * k) - base - x - gas;
    let a = 0;
    let b = next.maxRepay;
    for (let it = 0; it < 40 && b - a > 1e-9 * next.maxRepay; it++) {
      const mid = (a + b) / 2;
      if (gain(mid) >= 0) a = mid;
      else b = mid;
    }
    if (a > 0 && gain(a) >= 0) taken.push({ offer: next, repay: a });
  }
  return capToBudget(taken.map((t) => t.offer), budget, taken);
}

/** Takes offers (at their max, or the given orders) until `budget` (debt tokens) is spent; the last one partly. */
function capToBudget(offers: Offer[], budget: number, orders?: Order[]): Order[] {
  const list = orders ?? offers.map((o) => ({ offer: o, repay: o.maxRepay }));
  if (!(budget < Infinity)) return list;
  const out: Order[] = [];
  let left = budget;
  for (const o of list) {
    if (left <= 0) break;
    const repay = Math.min(o.repay, left);
    out.push({ offer: o.offer, repay });
    left -= repay;
  }
  return out;
}

export interface FlipInput {
  m: MarketState;
  offers: Offer[];
  debtPriceUsd: number;
  gasUsd: number;
  budgetUsd: number;
  zeroBidKeepers: boolean;
}

/**
 * Maker flip auctions (Liquidations 1.x; docs/protocols/maker.md "Driving flip auctions"): competitive keepers value a
 * lot at what selling it along its route returns, less gas. In the tend phase they bid that value (capped at the tab)
 * when it beats the least valid bid; in the dent phase they ask for the smallest lot whose sale still covers the tab
 * and gas, when that is within the largest lot allowed. Zero-bid keepers (12 March 2020) bid one wei on lots nobody
 * else bid on. Keeper capacity (USD of DAI bid per round) limits the competitive keepers only.
 */
export function decideFlip(d: FlipInput): Order[] {
  const out: Order[] = [];
  let budget = d.debtPriceUsd > 0 ? d.budgetUsd / d.debtPriceUsd : 0;
  const gas = d.debtPriceUsd > 0 ? d.gasUsd / d.debtPriceUsd : Infinity;
  for (const of of d.offers) {
    const a = of.auction!;
    const from = of.collateralAsset;
    const to = of.debtAsset;
    let bid: Order | null = null;
    if (budget > 0) {
      if (a.phase === 'tend') {
        const value = quoteProceeds(d.m, from, to, a.lot) - gas;
        const want = Math.min(a.tab, value);
        if (a.minBid !== undefined && want >= a.minBid && want > (a.bid ?? 0)) bid = { offer: of, repay: want };
      } else if (a.phase === 'dent') {
        // Smallest lot whose sale covers the tab plus gas.
        const need = a.tab + gas;
        if (quoteProceeds(d.m, from, to, a.maxLot ?? a.lot) >= need) {
          let lo = 0;
          let hi = a.maxLot ?? a.lot;
          for (let it = 0; it < 50 && hi - lo > 1e-12 * hi; it++) {
            const mid = (lo + hi) / 2;
            if (quoteProceeds(d.m, from, to, mid) >= need) hi = mid;
            else lo = mid;
          }
          bid = { offer: of, repay: of.maxRepay, lot: hi };
        }
      }
    }
    if (bid) {
      const spent = Math.max(0, bid.repay - (a.phase === 'tend' ? (a.bid ?? 0) : 0));
      if (spent <= budget) {
        budget -= spent;
        out.push(bid);
        continue;
      }
    }
    if (d.zeroBidKeepers && a.phase === 'tend' && (a.bid ?? 0) === 0 && a.minBid !== undefined) out.push({ offer: of, repay: a.minBid });
  }
  return out;
}
