/**
 * The rest of the world moving (DESIGN §3): at t = 0 every venue is re-balanced to the shocked external prices; when
 * the external price moves later (a price path), arbitrage carries every venue along by the same relative move,
 * keeping the gap the cascade's own sales opened (for x·y = k: same k, new ratio).
 */
import { rebalanceMarket, rebalanceTo, spotPrice, type MarketState } from '../market/index.js';

export function moveWithWorld(m: MarketState, before: Float64Array, after: Float64Array): void {
  for (let v = 0; v < m.venues.length; v++) {
    if (!m.active[v]) continue;
    const s = m.venues[v]!;
    const c0 = s.coins[0]!;
    let moved = false;
    for (const c of s.coins) if (after[c] !== before[c]) moved = true;
    if (!moved) continue;
    // Each coin's venue price relative to the world before, carried to the world after.
    const target = new Float64Array(s.coins.length);
    for (let k = 0; k < s.coins.length; k++) {
      const c = s.coins[k]!;
      const implied = k === 0 ? before[c0]! : spotPrice(s, k, 0) * before[c0]!;
      target[k] = after[c]! * (implied / before[c]!);
    }
    m.venues[v] = rebalanceTo(s, target);
  }
  m.externalPrices.set(after);
}

export function startWorld(m: MarketState, prices: Float64Array): void {
  rebalanceMarket(m, prices);
}
