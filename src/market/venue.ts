/**
 * The venue interface (DESIGN §3, §10 Venues), dispatched through the kind registry (kinds.ts): `amountOut`,
 * `amountIn` (exact output), `marginalRate` = d(out)/d(in) after fees at the point after selling dx (the rate of the
 * last unit sold), `sellableTo` its inverse (the largest dx with marginalRate >= rate), `apply` → the next state,
 * `spotPrice` fee-free (for oracles and reports). i, j are coin indices in the venue's `coins`; amounts in whole tokens.
 */
import type { VenueState } from './types.js';

export { amountOut, amountIn, marginalRate, sellableTo, apply, spotPrice, capacity, outputCapacity, scaleLiquidity, holdings, holding, topCurvature, inverseMarginal, inverseMarginalIn } from './kinds.js';

/** The coin index of asset `asset` (an asset index, or an id) in the venue, −1 when it does not trade it. */
export function coinIndex(state: VenueState, asset: number | string): number {
  if (typeof asset === 'number') {
    const c = state.coins;
    for (let k = 0; k < c.length; k++) if (c[k] === asset) return k;
    return -1;
  }
  return state.coinIds.indexOf(asset);
}
