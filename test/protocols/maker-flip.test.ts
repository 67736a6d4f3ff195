/**
 * Maker Liquidations 1.0 (version 'flip', the rules of 12 March 2020): worked examples by hand from
 * makerdao/dss src/cat.sol `bite` and src/flip.sol `tend`/`dent`/`deal`/`tick`, with ETH-A as it stood that day
 * (reference/protocol-params.md §4.1): mat 1.5, chop 1.13, beg 1.03, ttl 600 s, tau 3 days, lump 50 ETH
 * (makerdao/spells-mainnet:archive/2020-03-12-DssSpell.t.sol; mat/chop/beg from dss-deploy-scripts config).
 */
import { describe, expect, it } from 'vitest';
import { assetIndex } from '../../src/protocols/market-store.js';
import type { Offer, RoundContext } from '../../src/protocols/engine.js';
import {
  auctionBook,
  bite,
  biteAll,
  dentMaxLot,
  dentRefusal,
  flipStatus,
  FLIP_MIN_BID,
  makerEngine,
  tendMinBid,
  tendRefusal,
  type MakerState,
} from '../../src/protocols/maker/index.js';
import { ethPoolNetwork } from '../eth-pool.js';

const ETH = 0;
const DAI = 1;
const TAU = 3 * 24 * 3600;

function compile(positions: { id: string; ink: number; debt: number }[]): MakerState {
  const net = ethPoolNetwork({
    name: 'flip test (ETH-A, 12 March 2020)',
    snapshotDate: '2020-03-12',
    ethPrice: 195,
    stable: 'DAI',
    pool: { eth: 10_000, fee: 0.003 },
    protocols: [
      {
        id: 'mcd',
        family: 'maker',
        version: 'flip',
        oracle: { kind: 'external', delaySeconds: 3600 },
        reserves: [{ label: 'surplus buffer', kind: 'surplusBuffer', asset: 'DAI', amount: 500_000 }],
        markets: [
          {
            id: 'ETH-A',
            collaterals: [{ asset: 'ETH', mat: 1.5, chop: 1.13 }],
            borrowables: [{ asset: 'DAI', rateModel: { model: 'fixed', rate: 0 } }],
            auction: { kind: 'flip', beg: 1.03, ttl: 600, tau: TAU, lump: 50 },
            positions: positions.map((p) => ({ id: p.id, collateral: { ETH: p.ink }, debt: { DAI: p.debt } })),
          },
        ],
      },
    ],
  });
  return makerEngine.compile(net, net.protocols[0]!, assetIndex(net));
}

function ctx(time: number, eth: number): RoundContext {
  return { time, roundSeconds: 60, oraclePrices: [new Float64Array([eth, 1])], marketPrices: new Float64Array([eth, 1]) };
}

function offerFor(state: MakerState, c: RoundContext, action: string, id: number): Offer {
  const o = makerEngine.listLiquidatable(state, c).find((x) => x.action === action && x.ref === id);
  expect(o, `${action} offer for auction ${id}`).toBeDefined();
  return o!;
}

/** Bites every unsafe vault at t = 0 (bites are automatic). */
function biteAllVaults(state: MakerState, eth: number): void {
  const c = ctx(0, eth);
  const offers = makerEngine.listLiquidatable(state, c).filter((o) => o.action === 'bite');
  makerEngine.execute(state, offers.map((offer) => ({ offer, repay: offer.maxRepay })), c);
}

describe('cat.sol bite', () => {
  it('splits a vault into lots of lump (50 ETH) with the same share of debt, tab = debt share × chop', () => {
    // 60 ETH, 5,000 DAI: lot 50 with 5,000 × 50/60 = 4,166.67 (tab 4,708.33), then lot 10 with 833.33 (tab 941.67).
    const bites = biteAll({ ink: 60, debt: 5000, chop: 1.13, lump: 50 });
    expect(bites).toHaveLength(2);
    expect(bites[0]!.lot).toBe(50);
    expect(bites[0]!.due).toBeCloseTo(4166.67, 2);
    expect(bites[0]!.tab).toBeCloseTo(4708.33, 2);
    expect(bites[1]!.lot).toBeCloseTo(10, 12);
    expect(bites[1]!.due).toBeCloseTo(833.33, 2);
    expect(bites[1]!.tab).toBeCloseTo(941.67, 2);
    expect(bite({ ink: 30, debt: 5000, chop: 1.13, lump: 50 })).toEqual({ lot: 30, due: 5000, tab: expect.closeTo(5650, 9) });
    expect(() => bite({ ink: 0, debt: 5000, chop: 1.13, lump: 50 })).toThrow('bite: ink must be a finite amount > 0 (an empty vault cannot be bitten), got 0');
  });

  it('the engine bites every unsafe vault whole, in as many auctions as it takes', () => {
    const s = compile([
      { id: 'v1', ink: 60, debt: 5000 },
      { id: 'safe', ink: 60, debt: 4000 },
    ]);
    // spot = 120 / 1.5 = 80: v1 60 × 80 = 4,800 < 5,000 (HF 0.96); 'safe' 4,800 > 4,000.
    const offers = makerEngine.listLiquidatable(s, ctx(0, 120));
    expect(offers).toHaveLength(1);
    expect(offers[0]).toMatchObject({ kind: 'absorb', automatic: true, action: 'bite', ref: 0, maxRepay: 5000 });
    expect(offers[0]!.healthFactor).toBeCloseTo(0.96, 12);
    const [e] = makerEngine.execute(s, [{ offer: offers[0]!, repay: 5000 }], ctx(0, 120));
    expect(e).toMatchObject({ action: 'bite', repaid: 5000, seized: 60, toAbsorber: 60, protocolFee: 0, toTaker: 0 });
    const book = auctionBook(s, 0);
    expect(book.map((a) => [a.id, a.vaultId, a.lot, a.bid, a.tic, a.end, a.phase])).toEqual([
      [0, 'v1', 50, 0, 0, TAU, 'tend'],
      [1, 'v1', expect.closeTo(10, 12), 0, 0, TAU, 'tend'],
    ]);
    expect(makerEngine.totals(s)[0]!.held[ETH]).toBeCloseTo(60, 12);
  });
});

describe('flip.sol rules', () => {
  it('tend: each bid above the last by beg (or exactly tab), never above tab; the first bid is one wei', () => {
    expect(tendMinBid({ bid: 0, tab: 4708.33, beg: 1.03 })).toBe(FLIP_MIN_BID);
    expect(tendMinBid({ bid: 4000, tab: 4708.33, beg: 1.03 })).toBeCloseTo(4120, 9);
    expect(tendMinBid({ bid: 4600, tab: 4708.33, beg: 1.03 })).toBe(4708.33); // 4,738 > tab: only tab is valid
    expect(tendRefusal({ bid: 4000, next: 4100, tab: 4708.33, beg: 1.03 })).toBe('Flipper/insufficient-increase');
    expect(tendRefusal({ bid: 4000, next: 4800, tab: 4708.33, beg: 1.03 })).toBe('Flipper/higher-than-tab');
    expect(tendRefusal({ bid: 0, next: 0, tab: 4708.33, beg: 1.03 })).toBe('Flipper/bid-not-higher');
    expect(tendRefusal({ bid: 4600, next: 4708.33, tab: 4708.33, beg: 1.03 })).toBeNull();
  });

  it('dent: the lot falls by beg at least, only once the bid is tab', () => {
    expect(dentMaxLot({ lot: 50, beg: 1.03 })).toBeCloseTo(48.543689320388, 10);
    expect(dentRefusal({ bid: 4708.33, tab: 4708.33, lot: 50, next: 49, beg: 1.03 })).toBe('Flipper/insufficient-decrease'); // 49 × 1.03 > 50
    expect(dentRefusal({ bid: 4000, tab: 4708.33, lot: 50, next: 45, beg: 1.03 })).toBe('Flipper/tend-not-finished');
    expect(dentRefusal({ bid: 4708.33, tab: 4708.33, lot: 50, next: 45, beg: 1.03 })).toBeNull();
  });

  it('status: bids while (tic > now or no bid) and end > now; deal after the bid expires or the end; tick with no bid', () => {
    expect(flipStatus({ tic: 0, end: TAU, now: 60 })).toBe('biddable');
    expect(flipStatus({ tic: 660, end: TAU, now: 600 })).toBe('biddable');
    expect(flipStatus({ tic: 660, end: TAU, now: 661 })).toBe('dealable');
    expect(flipStatus({ tic: 660, end: 600, now: 601 })).toBe('dealable');
    expect(flipStatus({ tic: 0, end: TAU, now: TAU + 1 })).toBe('tickable');
    expect(flipStatus({ tic: 660, end: TAU, now: 660 })).toBe('waiting');
  });
});

describe('makerEngine (flip): tend → dent → deal', () => {
  it('raises the bid to tab, lowers the lot, and deals after ttl (numbers by hand from flip.sol)', () => {
    const s = compile([{ id: 'v1', ink: 60, debt: 5000 }]);
    biteAllVaults(s, 120);
    const tab = (5000 * 50 * 1.13) / 60; // 4,708.33
    // t = 60: first tend 4,000 DAI for 50 ETH; the keeper's DAI goes to the vow, tic = 60 + 600.
    let c = ctx(60, 120);
    let o = offerFor(s, c, 'tend', 0);
    expect(o.auction).toMatchObject({ phase: 'tend', bid: 0, minBid: FLIP_MIN_BID, lot: 50 });
    expect(o.maxRepay).toBeCloseTo(tab, 9);
    let [e] = makerEngine.execute(s, [{ offer: o, repay: 4000 }], c);
    expect(e).toMatchObject({ action: 'tend', repaid: 4000, seized: 0 });
    expect(auctionBook(s, 60)[0]).toMatchObject({ bid: 4000, tic: 660 });
    // t = 120: 4,100 < 4,000 × 1.03 = 4,120 is refused; 4,200 is taken, only the 200 DAI increase is new money.
    c = ctx(120, 120);
    o = offerFor(s, c, 'tend', 0);
    expect(o.auction!.minBid).toBeCloseTo(4120, 9);
    expect(makerEngine.execute(s, [{ offer: o, repay: 4100 }], c)).toEqual([]);
    [e] = makerEngine.execute(s, [{ offer: o, repay: 4200 }], c);
    expect(e!.repaid).toBeCloseTo(200, 9);
    // t = 180: a bid of the full tab (4,708.33) closes the tend phase.
    c = ctx(180, 120);
    o = offerFor(s, c, 'tend', 0);
    [e] = makerEngine.execute(s, [{ offer: o, repay: o.maxRepay }], c);
    expect(e!.repaid).toBeCloseTo(508.33, 2);
    // t = 240: dent phase — the same tab for 45 ETH (45 × 1.03 = 46.35 <= 50); 5 ETH go back to the vault owner.
    c = ctx(240, 120);
    o = offerFor(s, c, 'dent', 0);
    expect(o.auction).toMatchObject({ phase: 'dent', lot: 50 });
    expect(o.auction!.maxLot).toBeCloseTo(48.5437, 4);
    expect(o.collateralPerDebt).toBeCloseTo(48.543689320388 / tab, 12);
    [e] = makerEngine.execute(s, [{ offer: o, repay: o.maxRepay, lot: 45 }], c);
    expect(e).toMatchObject({ action: 'dent', repaid: 0, seized: 0, returnedToOwner: 5 });
    expect(auctionBook(s, 240)[0]).toMatchObject({ lot: 45, tic: 840, phase: 'dent' });
    // t = 840: the bid has not expired (tic < now is strict): nothing to deal; t = 900: deal.
    expect(makerEngine.listLiquidatable(s, ctx(840, 120)).filter((x) => x.ref === 0 && x.action === 'deal')).toEqual([]);
    c = ctx(900, 120);
    o = offerFor(s, c, 'deal', 0);
    expect(o.automatic).toBe(true);
    [e] = makerEngine.execute(s, [{ offer: o, repay: 0 }], c);
    // 45 ETH to the winner for 4,708.33 DAI; the vow books no loss and 4,708.33 − 4,166.67 = 541.67 of penalty.
    expect(e).toMatchObject({ action: 'deal', seized: 45, toTaker: 45, repaid: 0, badDebt: [] });
    expect(e!.toReserves).toBeCloseTo(541.67, 2);
    expect(e!.bonus).toBeCloseTo(45 - tab / 120, 10); // 5.7639 ETH above what the DAI buys at 120
    const tot = makerEngine.totals(s)[0]!;
    expect(tot.reserves[DAI]).toBeCloseTo(500_541.67, 2);
    expect(tot.badDebt[DAI]).toBe(0);
    expect(tot.held[ETH]).toBeCloseTo(10, 12); // the second lot is still open
  });
});

describe('makerEngine (flip): the zero-bid auction of 12 March 2020', () => {
  it('a lone keeper bids one wei, nobody outbids it, and the whole lot goes for ~0 DAI: the debt is bad debt', () => {
    const s = compile([{ id: 'v1', ink: 60, debt: 5000 }]);
    biteAllVaults(s, 120);
    // t = 60: the zero-bid keeper bids the offer's minBid, 1 wei of DAI, on the 10 ETH lot (auction 1).
    let c = ctx(60, 120);
    const o = offerFor(s, c, 'tend', 1);
    expect(o.auction!.minBid).toBe(1e-18);
    let [e] = makerEngine.execute(s, [{ offer: o, repay: o.auction!.minBid! }], c);
    expect(e!.repaid).toBe(1e-18);
    // No other keeper bids for ttl = 600 s: at t = 720 the bid stands (tic = 660 < 720) and deal pays out.
    c = ctx(720, 120);
    [e] = makerEngine.execute(s, [{ offer: offerFor(s, c, 'deal', 1), repay: 0 }], c);
    expect(e!.seized).toBeCloseTo(10, 12);
    expect(e!.toTaker).toBeCloseTo(10, 12);
    // The vow's sin: due 5,000 × 10/60 = 833.33 DAI minus 1 wei.
    expect(e!.badDebt).toEqual([{ asset: DAI, amount: expect.closeTo(833.33, 2) }]);
    expect(e!.toReserves).toBe(0);
    expect(makerEngine.totals(s)[0]!.badDebt[DAI]).toBeCloseTo(833.33, 2);
  });

  it('an auction with no bid at all restarts at its end (tick) and keeps its lot', () => {
    const s = compile([{ id: 'v1', ink: 30, debt: 2500 }]);
    biteAllVaults(s, 120);
    expect(makerEngine.listLiquidatable(s, ctx(TAU, 120)).map((o) => o.action)).toEqual([]); // end == now: neither
    const c = ctx(TAU + 60, 120);
    const o = offerFor(s, c, 'tick', 0);
    const [e] = makerEngine.execute(s, [{ offer: o, repay: 0 }], c);
    expect(e).toMatchObject({ action: 'tick', seized: 0, repaid: 0 });
    expect(auctionBook(s, TAU + 60)[0]).toMatchObject({ end: 2 * TAU + 60, lot: 30, tic: 0 });
  });

  it('refuses an unknown action and a dent before the tab is bid', () => {
    const s = compile([{ id: 'v1', ink: 30, debt: 2500 }]);
    biteAllVaults(s, 120);
    const c = ctx(60, 120);
    const o = offerFor(s, c, 'tend', 0);
    expect(() => makerEngine.execute(s, [{ offer: { ...o, action: 'take' }, repay: 1 }], c)).toThrow('makerEngine.execute: a flip ilk has no action "take" (expected bite, tend, dent, deal or tick)');
    expect(makerEngine.execute(s, [{ offer: { ...o, action: 'dent' }, repay: 1, lot: 10 }], c)).toEqual([]);
  });
});
