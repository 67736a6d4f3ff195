/**
 * The object calls as one adapter over the rows (src/protocols/objects.ts `withObjectCalls`) and the auction side
 * table of offer rows (src/protocols/auction-rows.ts): an offer's or execution's fields come back from the rows as
 * they went in, and an order whose offer cannot be a row is refused with the engine's name, the order and the field.
 */
import { describe, expect, it } from 'vitest';
import { parseNetwork } from '../../src/network/index.js';
import { assetIndex } from '../../src/protocols/market-store.js';
import { auctionTermsAt, newAuctionRows, pushAuctionTerms, PHASE_DENT, PHASE_NONE, PHASE_TEND, TERM_BID, TERM_PRICE } from '../../src/protocols/auction-rows.js';
import { ACTION_NONE, KIND_AUCTION, newOfferBatch, offerAt, pushOfferObject, SIDE_BUY } from '../../src/protocols/batch.js';
import type { AuctionTerms, Offer, RoundContext } from '../../src/protocols/engine.js';
import { actionCode } from '../../src/protocols/objects.js';
import { perpEngine, PERP_FORMS } from '../../src/protocols/perp/engine.js';
import { MAKER_FORMS } from '../../src/protocols/maker/engine.js';

describe('auction terms in rows', () => {
  // A clip lot (price, kick time), a flip lot in each phase (bid, expiry, end; tend: least bid; dent: largest lot),
  // and a lot past its end (no phase).
  const lots: AuctionTerms[] = [
    { id: 3, lot: 10, tab: 15_000, price: 1890.5, tic: 600 },
    { id: 0, lot: 10, tab: 15_000, bid: 12_000, tic: 900, end: 3600, phase: 'tend', minBid: 12_360 },
    { id: 1, lot: 9.5, tab: 15_000, bid: 15_000, tic: 900, end: 3600, phase: 'dent', minBid: 15_000, maxLot: 9.047619047619047 },
    { id: 2, lot: 4, tab: 8000, bid: 0, tic: 0, end: 1200 },
  ];

  it('come back as they went in, with the bits of the terms they have', () => {
    const t = newAuctionRows(1); // grown as entries come
    const ks = lots.map((a) => pushAuctionTerms(t, a));
    expect(ks).toEqual([0, 1, 2, 3]);
    expect(ks.map((k) => auctionTermsAt(t, k))).toStrictEqual(lots);
    expect([t.phase[0], t.phase[1], t.phase[2], t.phase[3]]).toEqual([PHASE_NONE, PHASE_TEND, PHASE_DENT, PHASE_NONE]);
    expect(t.fields[0]! & TERM_PRICE).toBe(TERM_PRICE);
    expect(t.fields[0]! & TERM_BID).toBe(0);
  });

  it('ride on an offer row, beside its action code and side', () => {
    const b = newOfferBatch(1);
    const offer: Offer = { kind: 'auction', automatic: false, market: 1, ref: 0, collateralAsset: 0, debtAsset: 2, healthFactor: 0, maxRepay: 15_000, collateralPerDebt: 10 / 15_000, incentive: 0.2, takerShare: 1, action: 'tend', auction: lots[1]! };
    const plain: Offer = { kind: 'liquidation', automatic: true, market: 0, ref: 7, collateralAsset: 0, debtAsset: 2, healthFactor: 0.97, maxRepay: 20_000, collateralPerDebt: 1 / 2000, incentive: 0, takerShare: 1, action: 'liquidate', side: 'buy' };
    const r = pushOfferObject(b, offer, 5);
    const q = pushOfferObject(b, plain, 1);
    expect([b.kind[r], b.action[r], b.auction[r], b.auction[q], b.side[q]]).toEqual([KIND_AUCTION, 5, 0, -1, SIDE_BUY]);
    expect(offerAt(b, r, 'tend')).toStrictEqual(offer);
    expect(offerAt(b, q, 'liquidate')).toStrictEqual(plain);
  });
});

describe('withObjectCalls', () => {
  // A perp market: one long of 10 ETH at $2,000 entry with $1,500 margin; at a mark of $1,880 its equity is
  // 1,500 − 10·120 = $300 < maintenance 10·1,880·0.05 = $940: liquidatable (HF 300/940 = 0.319…).
  const net = parseNetwork({
    schemaVersion: 1,
    meta: { name: 'one perp', snapshotDate: '2025-10-01', synthetic: true },
    assets: [
      { id: 'ETH', symbol: 'ETH', price: 2000, volatility: 0.6 },
      { id: 'USDC', symbol: 'USDC', price: 1, pegOf: { asset: 'USD', rate: 1 } },
    ],
    venues: [{ id: 'pool', kind: 'constantProduct', coins: ['ETH', 'USDC'], reserves: [1000, 2_000_000], fee: 0.003 }],
    protocols: [
      {
        id: 'dex',
        family: 'perp',
        oracle: { kind: 'external' },
        markets: [{ id: 'ETH-USD', collaterals: [{ asset: 'USDC' }], underlying: 'ETH', maintenanceMarginRatio: 0.05, liquidationFeeRatio: 0.01, positions: [{ id: 'long', size: 10, entryPrice: 2000, margin: 1500 }] }],
      },
    ],
  });
  const ctx: RoundContext = { time: 0, roundSeconds: 60, oraclePrices: [Float64Array.of(1880, 1)], marketPrices: Float64Array.of(1880, 1) };
  const fresh = () => perpEngine.clone(perpEngine.compile(net, net.protocols[0]!, assetIndex(net)));

  it('lists the rows as offers with their contract function and side, and executes orders through the rows', () => {
    const s = fresh();
    const [offer] = perpEngine.listLiquidatable(s, ctx);
    expect(offer).toMatchObject({ kind: 'liquidation', automatic: true, ref: 0, action: 'liquidate', side: 'sell', maxRepay: 18_800 });
    expect(offer!.healthFactor).toBeCloseTo(300 / 940, 12);
    const [e] = perpEngine.execute(s, [{ offer: offer!, repay: offer!.maxRepay }], ctx);
    // Closed at the mark: 10 ETH, notional 18,800 USDC; the fee 1% · 18,800 = 188 (within the $300 equity) is kept
    // by the exchange; no loss, so nothing deleveraged — socializedLoss, which a perp row always reports, is there at 0.
    expect(e).toMatchObject({ kind: 'liquidation', action: 'liquidate', side: 'sell', repaid: 18_800, seized: 10, toTaker: 10, socializedLoss: 0 });
    expect(e!.toReserves).toBeCloseTo(188, 9);
  });

  it('refuses an order whose offer cannot be a row, or calls a function the engine does not', () => {
    const s = fresh();
    const [offer] = perpEngine.listLiquidatable(s, ctx);
    expect(() => perpEngine.execute(s, [{ offer: { ...offer!, market: -1 }, repay: 1 }], ctx)).toThrow("perpEngine.execute: order 0's offer.market must be an integer in [0, 65535], got -1");
    expect(() => perpEngine.execute(s, [{ offer: { ...offer!, ref: 1.5 }, repay: 1 }], ctx)).toThrow("perpEngine.execute: order 0's offer.ref must be an integer in [0, 4294967295], got 1.5");
    expect(() => perpEngine.execute(s, [{ offer: { ...offer!, kind: 'loan' as never }, repay: 1 }], ctx)).toThrow(`perpEngine.execute: order 0's offer has kind "loan"`);
    expect(() => perpEngine.execute(s, [{ offer: { ...offer!, action: 'bite' }, repay: 1 }], ctx)).toThrow('perpEngine.execute: order 0 calls "bite"; perpEngine calls "liquidate"');
  });

  it('refuses an amount that is not a number with the value given (a row would hold NaN, or 0 for a null lot)', () => {
    const s = fresh();
    const [offer] = perpEngine.listLiquidatable(s, ctx);
    const order = (x: object) => [{ offer: offer!, repay: 1, ...x }] as never;
    expect(() => perpEngine.execute(s, order({ repay: undefined }), ctx)).toThrow("perpEngine.execute: order 0's repay must be a finite amount >= 0, got undefined");
    expect(() => perpEngine.execute(s, order({ repay: '5' }), ctx)).toThrow(`perpEngine.execute: order 0's repay must be a finite amount >= 0, got "5"`);
    expect(() => perpEngine.execute(s, order({ lot: null }), ctx)).toThrow("perpEngine.execute: order 0's lot must be a finite amount >= 0 or absent, got null");
    expect(() => perpEngine.execute(s, order({ lot: Number.NaN }), ctx)).toThrow("perpEngine.execute: order 0's lot must be a finite amount >= 0 or absent, got NaN");
    // A number goes to the engine, which checks it in its own words.
    expect(() => perpEngine.execute(s, order({ repay: Number.NaN }), ctx)).toThrow('perpEngine.execute: order repay must be a finite amount >= 0, got NaN');
    expect(perpEngine.execute(s, order({}), ctx)).toHaveLength(1);
  });

  it('codes an action among the engine’s names; none and a kind’s own function are code 0', () => {
    expect(actionCode(MAKER_FORMS, 'auction', 'dent', 'x')).toBe(6);
    expect(actionCode(MAKER_FORMS, 'absorb', undefined, 'x')).toBe(ACTION_NONE);
    expect(actionCode(PERP_FORMS, 'liquidation', 'liquidate', 'x')).toBe(1);
    expect(actionCode({ engine: 'e', shapes: Object.assign([], { 3: { action: 'absorb' } }) }, 'absorb', 'absorb', 'x')).toBe(ACTION_NONE);
  });

  it('refuses a function an engine naming none per row does not call (never read as none)', () => {
    const absorbOnly = { engine: 'e', shapes: Object.assign([], { 3: { action: 'absorb' } }) };
    expect(() => actionCode(absorbOnly, 'absorb', 'absorbe', 'e.execute: order 0')).toThrow('e.execute: order 0 calls "absorbe"; e calls "absorb"');
    expect(() => actionCode({ engine: 'e' }, 'liquidation', 'liquidationCall', 'e.execute: order 2')).toThrow('e.execute: order 2 calls "liquidationCall"; e calls no named function for kind "liquidation"');
  });
});
