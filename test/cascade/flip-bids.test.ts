/**
 * Flip keepers on rows (src/cascade/liquidators.ts `decideFlip`; docs/model.md §3.7, docs/protocols/maker.md "Driving
 * flip auctions"), worked by hand on one x·y = k pool with no fee: 1,000 ETH against 2,000,000 DAI, so that selling
 * q ETH returns 2,000,000·q / (1,000 + q) DAI.
 */
import { describe, expect, it } from 'vitest';
import { compileMarket } from '../../src/market/index.js';
import { decideFlip, newOrderRows } from '../../src/cascade/liquidators.js';
import { newOfferBatch, pushOfferObject } from '../../src/protocols/batch.js';
import type { AuctionTerms, Offer } from '../../src/protocols/engine.js';
import { ethPoolNetwork } from '../eth-pool.js';

const net = ethPoolNetwork({
  name: 'flip bids',
  snapshotDate: '2020-03-12',
  stable: 'DAI',
  pool: { id: 'pool', eth: 1000, fee: 0 },
  protocols: [],
});
const m = compileMarket(net);

/** A flip lot of `lot` ETH for `tab` DAI as the Maker engine lists it. */
function lotOffer(ref: number, auction: AuctionTerms): Offer {
  const maxLot = auction.maxLot ?? auction.lot;
  return { kind: 'auction', automatic: false, market: 0, ref, collateralAsset: 0, debtAsset: 1, healthFactor: 0, maxRepay: auction.tab, collateralPerDebt: maxLot / auction.tab, incentive: 0, takerShare: 1, action: auction.phase, auction };
}

function decide(offers: Offer[], budgetUsd: number, zeroBidKeepers: boolean, gasUsd = 0) {
  const b = newOfferBatch(1);
  for (const o of offers) pushOfferObject(b, o);
  const out = newOrderRows(1);
  decideFlip({ m, offers: b, rows: offers.map((_, r) => r), debtPriceUsd: 1, gasUsd, budgetUsd, zeroBidKeepers }, out);
  return Array.from({ length: out.count }, (_, j) => ({ row: out.rows[j]!, repay: out.repay[j]!, lot: out.lot[j]! }));
}

describe('decideFlip on rows', () => {
  const tend: AuctionTerms = { id: 0, lot: 10, tab: 15_000, bid: 0, tic: 0, end: 3600, phase: 'tend', minBid: 1e-18 };
  const dent: AuctionTerms = { id: 1, lot: 10, tab: 15_000, bid: 15_000, tic: 900, end: 3600, phase: 'dent', minBid: 15_000, maxLot: 10 / 1.03 };

  it('bids the tab in tend when the lot sells for more, and asks in dent for the smallest lot that covers the tab', () => {
    // tend: 10 ETH sell for 2e6·10/1,010 = 19,801.98 DAI > tab: the bid is the tab, 15,000.
    // dent: the smallest q with 2e6·q/(1,000 + q) >= 15,000 is q = 15,000·1,000/(2e6 − 15,000) = 7.556675 ETH, within
    // the largest lot 10/1.03 = 9.7087; the bid pays the tab (maxRepay).
    const orders = decide([lotOffer(0, tend), lotOffer(1, dent)], Infinity, false);
    expect(orders.map((o) => [o.row, o.repay])).toEqual([
      [0, 15_000],
      [1, 15_000],
    ]);
    expect(Number.isNaN(orders[0]!.lot)).toBe(true); // a tend names no lot
    expect(orders[1]!.lot).toBeCloseTo(15e6 / 1.985e6, 9);
  });

  it('bids what the lot is worth less gas when that is below the tab; gas counts in dent', () => {
    // 5 ETH sell for 2e6·5/1,005 = 9,950.25 DAI; gas $50: the bid is 9,900.25 (< tab 15,000).
    const small = decide([lotOffer(0, { ...tend, lot: 5 })], Infinity, false, 50);
    expect(small[0]!.repay).toBeCloseTo(2e6 * 5 / 1005 - 50, 9);
    // dent with gas $50: q = 15,050·1,000/(2e6 − 15,050) = 7.582055 ETH.
    const gassed = decide([lotOffer(1, dent)], Infinity, false, 50);
    expect(gassed[0]!.lot).toBeCloseTo(15_050e3 / (2e6 - 15_050), 9);
  });

  it('with no budget left only zero-bid keepers bid, one wei on a lot nobody bid on', () => {
    // $10,000 of keeper capacity pays neither the tend bid's 15,000 DAI nor the dent's: neither is placed; a zero-bid
    // keeper bids minBid (one wei) on the tend lot nobody bid on.
    const orders = decide([lotOffer(0, tend), lotOffer(1, dent)], 10_000, true);
    expect(orders).toEqual([{ row: 0, repay: 1e-18, lot: Number.NaN }]);
    expect(decide([lotOffer(0, tend)], 10_000, false)).toEqual([]);
    // A lot already bid on gets no zero bid.
    expect(decide([lotOffer(0, { ...tend, bid: 100, minBid: 103 })], 0, true)).toEqual([]);
  });
});
