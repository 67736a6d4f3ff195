/**
 * Venue depth for the network at a glance (DESIGN §2: "depth at a slippage needs the market layer: it is computed
 * there, for reports"): per venue and direction, how much of the coin sold moves the venue's marginal rate
 * (after fees) down by `slippage` from the rate of the first unit — the venue started at the snapshot's external
 * prices, as every run starts (DESIGN §10 Venues).
 */
import type { Network } from '../network/schema/network.js';
import { compileMarket, rebalanceMarket } from '../market/market-state.js';
import { marginalRate, sellableTo } from '../market/venue.js';

export const DEPTH_DEFAULTS = { slippage: 0.02 };

export interface VenueDepth {
  venue: string;
  kind: string;
  /** Coin sold and coin received. */
  sold: string;
  bought: string;
  /** Amount of `sold` (whole tokens) and its USD at snapshot prices that move the marginal rate by `slippage`. */
  amount: number;
  usd: number;
  slippage: number;
}

/** Depth of every venue in each direction at `slippage` (a share, default 2%). */
export function venueDepths(network: Network, options: Partial<typeof DEPTH_DEFAULTS> = {}): VenueDepth[] {
  const { slippage } = { ...DEPTH_DEFAULTS, ...options };
  if (!(slippage > 0 && slippage < 1)) throw new Error(`venueDepths: slippage must be a share in (0, 1), got ${slippage}`);
  const m = compileMarket(network);
  rebalanceMarket(m);
  const out: VenueDepth[] = [];
  m.venues.forEach((state, k) => {
    const coins = Array.from(state.coins);
    coins.forEach((ci, i) =>
      coins.forEach((cj, j) => {
        if (i === j) return;
        const r0 = marginalRate(state, i, j, 0);
        const amount = r0 > 0 ? sellableTo(state, i, j, r0 * (1 - slippage)) : 0;
        const price = m.externalPrices[ci]!;
        out.push({ venue: m.venueIds[k]!, kind: state.kind, sold: m.assetIds[ci]!, bought: m.assetIds[cj]!, amount, usd: amount * price, slippage });
      }),
    );
  });
  return out;
}
