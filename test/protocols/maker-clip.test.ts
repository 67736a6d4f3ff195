/**
 * Maker Liquidations 2.0 (version 'clip'): worked examples by hand from the dss contracts' formulas
 * (makerdao/dss src/dog.sol bark, src/clip.sol kick/take/redo/status, src/abaci.sol) with the ETH-A parameters of
 * makerdao/spells-mainnet:src/test/config.sol@8f6501007bea (reference/protocol-params.md §4): mat 1.45, chop 1.13,
 * dust 7,500, hole 40M, Hole 150M, buf 1.1, tail 7,200 s, cusp 0.45, chip 0.1%, tip 250,
 * StairstepExponentialDecrease step 90 s cut 0.99.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { curvePrice, priceCurve } from '../../src/protocols/maker/abaci.js';
import { assetIndex } from '../../src/protocols/market-store.js';
import type { Execution, Offer, RoundContext } from '../../src/protocols/engine.js';
import {
  auctionBook,
  bark,
  calcPrice,
  chost,
  createMakerEngine,
  exponentialDecrease,
  kickIncentive,
  linearDecrease,
  makerEngine,
  redoIncentive,
  stairstepExponentialDecrease,
  status,
  take,
  vaultHealthFactor,
  type MakerState,
} from '../../src/protocols/maker/index.js';
import { ethPoolNetwork } from '../eth-pool.js';

const ETH = 0;
const DAI = 1;

interface IlkOverrides {
  hole?: number;
  dust?: number;
  cusp?: number;
  tip?: number;
  chip?: number;
  duty?: number;
}

function network(positions: { id: string; ink: number; debt: number }[], o: IlkOverrides = {}, Hole = 150_000_000) {
  return ethPoolNetwork({
    name: 'clip test',
    snapshotDate: '2025-07-03',
    ethPrice: 1800,
    stable: 'DAI',
    pool: { eth: 10_000, fee: 0.003 },
    protocols: [
      {
        id: 'maker',
        family: 'maker',
        version: 'clip',
        Hole,
        oracle: { kind: 'external', delaySeconds: 3600 },
        reserves: [{ label: 'surplus buffer', kind: 'surplusBuffer', asset: 'DAI', amount: 50_000_000 }],
        markets: [
          {
            id: 'ETH-A',
            collaterals: [{ asset: 'ETH', mat: 1.45, chop: 1.13 }],
            borrowables: [{ asset: 'DAI', rateModel: { model: 'fixed', rate: o.duty ?? 0 } }],
            dust: o.dust ?? 7500,
            hole: o.hole ?? 40_000_000,
            auction: {
              kind: 'clip',
              buf: 1.1,
              tail: 7200,
              cusp: o.cusp ?? 0.45,
              chip: o.chip ?? 0.001,
              tip: o.tip ?? 250,
              calc: { kind: 'StairstepExponentialDecrease', step: 90, cut: 0.99 },
            },
            positions: positions.map((p) => ({ id: p.id, collateral: { ETH: p.ink }, debt: { DAI: p.debt } })),
          },
        ],
      },
    ],
  });
}

function compile(positions: { id: string; ink: number; debt: number }[], o: IlkOverrides = {}, Hole?: number): MakerState {
  const net = network(positions, o, Hole);
  return makerEngine.compile(net, net.protocols[0]!, assetIndex(net));
}

/** A round at `time` with the oracle (OSM) price of ETH and the market prices of ETH and DAI. */
function ctx(time: number, oracleEth: number, marketEth = oracleEth, roundSeconds = 60): RoundContext {
  return { time, roundSeconds, oraclePrices: [new Float64Array([oracleEth, 1])], marketPrices: new Float64Array([marketEth, 1]) };
}

function only(offers: Offer[], action: string): Offer {
  const found = offers.filter((o) => o.action === action);
  expect(found).toHaveLength(1);
  return found[0]!;
}

function run(state: MakerState, c: RoundContext, pick: (o: Offer) => number | null): Execution[] {
  const offers = makerEngine.listLiquidatable(state, c);
  const orders = offers.flatMap((offer) => {
    const repay = pick(offer);
    return repay === null ? [] : [{ offer, repay }];
  });
  return makerEngine.execute(state, orders, c);
}

const automatic = (o: Offer) => (o.automatic ? o.maxRepay : null);

describe('abaci.sol price curves', () => {
  it('StairstepExponentialDecrease: top·cut^⌊dur/step⌋ (abaci.sol price)', () => {
    // 1,980 × 0.99^10 = 1,790.6765085174 (10 whole steps of 90 s in 900–989 s).
    expect(stairstepExponentialDecrease({ top: 1980, dur: 900, step: 90, cut: 0.99 })).toBeCloseTo(1790.6765085174, 8);
    expect(stairstepExponentialDecrease({ top: 1980, dur: 989, step: 90, cut: 0.99 })).toBeCloseTo(1790.6765085174, 8);
    expect(stairstepExponentialDecrease({ top: 1980, dur: 89, step: 90, cut: 0.99 })).toBe(1980);
  });

  it('LinearDecrease: top·(tau − dur)/tau, 0 from tau on (abaci.sol price)', () => {
    expect(linearDecrease({ top: 2000, dur: 900, tau: 3600 })).toBe(1500);
    expect(linearDecrease({ top: 2000, dur: 3600, tau: 3600 })).toBe(0);
    expect(linearDecrease({ top: 2000, dur: 5000, tau: 3600 })).toBe(0);
  });

  it('ExponentialDecrease: top·cut^dur with a per-second cut (abaci.sol price)', () => {
    // 1,000 × 0.999^600 = 1,000 × e^(600·ln 0.999) = 548.6469
    expect(exponentialDecrease({ top: 1000, dur: 600, cut: 0.999 })).toBeCloseTo(1000 * Math.pow(0.999, 600), 9);
    expect(exponentialDecrease({ top: 1000, dur: 600, cut: 0.999 })).toBeCloseTo(548.6469, 3);
    expect(calcPrice({ kind: 'ExponentialDecrease', cut: 0.999 }, 1000, 600.7)).toBeCloseTo(548.6469, 3); // 600.7 s: whole seconds only
  });

  it('curvePrice (cut^k memoised) returns calcPrice bit for bit, in any order of durations, beyond the memo too', () => {
    const calc = fc.oneof(
      fc.record({ kind: fc.constant('StairstepExponentialDecrease' as const), step: fc.integer({ min: 1, max: 3600 }), cut: fc.double({ min: 0.5, max: 1, noNaN: true }) }),
      fc.record({ kind: fc.constant('ExponentialDecrease' as const), cut: fc.double({ min: 0.9, max: 1, noNaN: true }) }),
      fc.record({ kind: fc.constant('LinearDecrease' as const), tau: fc.integer({ min: 1, max: 100_000 }) }),
    );
    // Durations up to 200,000 s: a per-second ExponentialDecrease passes the memo's 65,536 steps.
    const dur = fc.oneof(fc.double({ min: 0, max: 7200, noNaN: true }), fc.double({ min: 0, max: 200_000, noNaN: true }));
    fc.assert(
      fc.property(calc, fc.double({ min: 0, max: 1e6, noNaN: true }), fc.array(dur, { minLength: 1, maxLength: 40 }), (c, top, durs) => {
        const curve = priceCurve(c);
        // Each duration twice: computed, then read from the memo.
        for (const d of [...durs, ...durs]) expect(Object.is(curvePrice(curve, top, d), calcPrice(c, top, d))).toBe(true);
      }),
    );
  });

  it('refuses bad inputs with the function and value', () => {
    expect(() => stairstepExponentialDecrease({ top: 1, dur: -1, step: 90, cut: 0.99 })).toThrow('stairstepExponentialDecrease: dur must be a finite number of seconds >= 0, got -1');
    expect(() => exponentialDecrease({ top: 1, dur: 1, cut: 1.2 })).toThrow('exponentialDecrease: cut must be a multiplicative factor in (0, 1], got 1.2');
    expect(() => linearDecrease({ top: NaN, dur: 1, tau: 1 })).toThrow('linearDecrease: top must be a finite price >= 0, got NaN');
  });
});

describe('dog.bark amounts', () => {
  it('moves the whole vault when the room allows: tab = debt × chop', () => {
    expect(bark({ ink: 10, debt: 13_000, chop: 1.13, dust: 7500, room: 40_000_000 })).toEqual({ due: 13_000, dink: 10, tab: expect.closeTo(14_690, 9) });
  });

  it('liquidates partially within the room (dart = room / chop), leaving a non-dusty vault', () => {
    // room 10,000 → due = 10,000 / 1.13 = 8,849.5575; left 4,150.44 >= dust 3,000; dink = 10 × 8,849.5575 / 13,000.
    const r = bark({ ink: 10, debt: 13_000, chop: 1.13, dust: 3000, room: 10_000 });
    expect(r).not.toBeTypeOf('string');
    if (typeof r === 'string') return;
    expect(r.due).toBeCloseTo(8849.56, 2);
    expect(r.dink).toBeCloseTo(6.807351940095, 10);
    expect(r.tab).toBeCloseTo(10_000, 6);
  });

  it('takes the whole vault when the remainder would be dusty, and refuses a dusty partial auction', () => {
    // Remainder 4,150.44 < dust 7,500: everything goes (dog.sol: "If the leftover Vault would be dusty, just liquidate it entirely").
    expect(bark({ ink: 10, debt: 13_000, chop: 1.13, dust: 7500, room: 10_000 })).toEqual({ due: 13_000, dink: 10, tab: expect.closeTo(14_690, 9) });
    // room 5,000 → due 4,424.78 < dust and remainder 8,575 >= dust: Dog/dusty-auction-from-partial-liquidation.
    expect(bark({ ink: 10, debt: 13_000, chop: 1.13, dust: 7500, room: 5000 })).toBe('Dog/dusty-auction-from-partial-liquidation');
    expect(bark({ ink: 10, debt: 13_000, chop: 1.13, dust: 7500, room: 0 })).toBe('Dog/liquidation-limit-hit');
    expect(bark({ ink: 0, debt: 13_000, chop: 1.13, dust: 7500, room: 1e9 })).toBe('Dog/null-auction');
  });

  it('refuses bad inputs', () => {
    expect(() => bark({ ink: 10, debt: 13_000, chop: 0.9, dust: 0, room: 1 })).toThrow('bark: chop must be a finite multiplier >= 1, got 0.9');
    expect(() => bark({ ink: -1, debt: 13_000, chop: 1.13, dust: 0, room: 1 })).toThrow('bark: ink must be a finite number >= 0, got -1');
  });
});

describe('clip.sol take, status and incentives', () => {
  it('take: owe capped at tab, slice = tab / price; partial purchases leave chost', () => {
    const price = 1790.6765085174329;
    const full = take({ tab: 14_690, lot: 10, price, amt: 10, chost: 8475 });
    expect(full).toMatchObject({ owe: 14_690, tab: 0 });
    if (typeof full === 'string') return;
    expect(full.slice).toBeCloseTo(8.203603459434, 10);
    expect(full.lot).toBeCloseTo(1.796396540566, 10);
    // amt worth 10,000 DAI would leave 4,690 < chost 8,475: cut to owe = 14,690 − 8,475 = 6,215 (clip.sol take).
    const part = take({ tab: 14_690, lot: 10, price, amt: 10_000 / price, chost: 8475 });
    expect(part).toMatchObject({ owe: 6215, tab: 8475 });
    if (typeof part === 'string') return;
    expect(part.slice).toBeCloseTo(3.470755309760, 10);
    // tab <= chost: only the whole lot may be bought.
    expect(take({ tab: 8000, lot: 10, price, amt: 1, chost: 8475 })).toBe('Clipper/no-partial-purchase');
    expect(chost({ dust: 7500, chop: 1.13 })).toBeCloseTo(8475, 9);
  });

  it('status: needs a reset past tail or below cusp × top (clip.sol status)', () => {
    expect(status({ dur: 7200, price: 886.1, top: 1980, tail: 7200, cusp: 0.3 })).toBe(false);
    expect(status({ dur: 7201, price: 886.1, top: 1980, tail: 7200, cusp: 0.3 })).toBe(true);
    // 0.99^80 = 0.4475 < cusp 0.45 at 7,200 s with the ETH-A calc.
    expect(status({ dur: 7200, price: 1980 * Math.pow(0.99, 80), top: 1980, tail: 7200, cusp: 0.45 })).toBe(true);
  });

  it('incentives: tip + chip × tab on kick; on redo only when tab and lot value reach chost', () => {
    expect(kickIncentive({ tip: 250, chip: 0.001, tab: 14_690 })).toBeCloseTo(264.69, 9);
    expect(kickIncentive({ tip: 0, chip: 0, tab: 14_690 })).toBe(0);
    expect(redoIncentive({ tip: 250, chip: 0.001, tab: 14_690, lot: 10, feedPrice: 1200, chost: 8475 })).toBeCloseTo(264.69, 9);
    expect(redoIncentive({ tip: 250, chip: 0.001, tab: 14_690, lot: 5, feedPrice: 1200, chost: 8475 })).toBe(0);
  });
});

describe('makerEngine (clip): bark + take at the StairstepExponentialDecrease price', () => {
  it('barks an unsafe vault (ink·spot < art·rate), then a keeper takes it 10 steps later', () => {
    const s = compile([
      { id: 'v1', ink: 10, debt: 13_000 },
      { id: 'safe', ink: 20, debt: 13_000 },
    ]);
    // spot = 1,800 / 1.45 = 1,241.38; v1: 12,413.79 < 13,000 (unsafe, HF 0.95491); safe: 24,827.59 > 13,000.
    const offers = makerEngine.listLiquidatable(s, ctx(0, 1800));
    expect(offers).toHaveLength(1);
    const b = only(offers, 'bark');
    expect(b).toMatchObject({ kind: 'absorb', automatic: true, ref: 0, collateralAsset: ETH, debtAsset: DAI, maxRepay: 13_000, takerShare: 0 });
    expect(b.healthFactor).toBeCloseTo(0.954907161804, 10);
    expect(vaultHealthFactor({ ink: 10, debt: 13_000, price: 1800, mat: 1.45 })).toBeCloseTo(0.954907161804, 10);
    const [kick] = makerEngine.execute(s, [{ offer: b, repay: b.maxRepay }], ctx(0, 1800));
    // dog.bark: due 13,000, dink 10, tab 14,690; Clipper.kick pays tip + chip·tab = 250 + 14.69 = 264.69 (vat.suck → sin).
    expect(kick).toMatchObject({ action: 'bark', repaid: 13_000, seized: 10, toAbsorber: 10, protocolFee: 0, toTaker: 0 });
    expect(kick!.keeperIncentive).toBeCloseTo(264.69, 2);
    expect(kick!.badDebt).toEqual([{ asset: DAI, amount: expect.closeTo(264.69, 2) }]);
    const [auction] = auctionBook(s, 0);
    expect(auction).toMatchObject({ market: 'ETH-A', id: 0, vaultId: 'v1', lot: 10, due: 13_000, bid: 0, tic: 0, price: expect.closeTo(1980, 9) }); // top = 1,800 × buf 1.1
    expect(auction!.tab).toBeCloseTo(14_690, 2);
    expect(makerEngine.totals(s)[0]!.held[ETH]).toBe(10);
    expect(makerEngine.totals(s)[0]!.debt[DAI]).toBe(13_000); // the safe vault only

    // 900 s later: price = top·0.99^10 = 1,980 × 0.904382 = 1,790.68 DAI/ETH (StairstepExponentialDecrease, 10 steps).
    const c = ctx(900, 1800, 1850);
    const t = only(makerEngine.listLiquidatable(s, c), 'take');
    expect(t.auction!.price).toBeCloseTo(1790.68, 2);
    expect(t.maxRepay).toBeCloseTo(14_690, 2); // min(tab, lot·price = 17,906.77)
    expect(t.collateralPerDebt).toBeCloseTo(1 / 1790.676508517433, 15);
    expect(t.incentive).toBeCloseTo(1850 / 1790.676508517433 - 1, 12);
    const [took] = makerEngine.execute(s, [{ offer: t, repay: t.maxRepay }], c);
    // owe = tab = 14,690; slice = 14,690 / 1,790.68 = 8.2036035 ETH; 1.7963965 ETH back to the owner; penalty 1,690 to surplus.
    expect(took!.repaid).toBeCloseTo(14_690, 2);
    expect(took!.seized).toBeCloseTo(8.203603459434, 10);
    expect(took!.toTaker).toBe(took!.seized);
    expect(took!.returnedToOwner).toBeCloseTo(1.796396540566, 10);
    expect(took!.toReserves).toBeCloseTo(1690, 2);
    expect(took!.badDebt).toEqual([]);
    // bonus at market: 8.2036 − 14,690 / 1,850 = 0.26306 ETH.
    expect(took!.bonus).toBeCloseTo(8.203603459434 - 14_690 / 1850, 10);
    const tot = makerEngine.totals(s)[0]!;
    expect(tot.held[ETH]).toBe(0);
    expect(tot.badDebt[DAI]).toBeCloseTo(264.69, 2);
    expect(tot.reserves[DAI]).toBeCloseTo(50_001_690, 2);
    expect(auctionBook(s, 900)).toEqual([]);
    expect(s.Dirt).toBeCloseTo(0, 6);
  });

  it('a partial take is cut to leave chost = dust × chop of tab (clip.sol take)', () => {
    const s = compile([{ id: 'v1', ink: 10, debt: 13_000 }]);
    run(s, ctx(0, 1800), automatic);
    const c = ctx(900, 1800);
    const t = only(makerEngine.listLiquidatable(s, c), 'take');
    const [e] = makerEngine.execute(s, [{ offer: t, repay: 10_000 }], c);
    // 10,000 would leave 4,690 < 8,475: owe 6,215, slice 6,215 / 1,790.68 = 3.4707553 ETH.
    expect(e!.repaid).toBeCloseTo(6215, 2);
    expect(e!.seized).toBeCloseTo(3.47075530976, 10);
    const [a] = auctionBook(s, 900);
    expect(a!.tab).toBeCloseTo(8475, 2);
    expect(a!.lot).toBeCloseTo(6.52924469024, 10);
    expect(a!.bid).toBeCloseTo(6215, 2);
    // dog.digs(owe): the ilk's dirt falls from 14,690 to 8,475.
    expect(s.ilks[0]!.dirt).toBeCloseTo(8475, 2);
  });

  it('barks partially within the ilk hole, then the room is used up (dog.sol bark)', () => {
    const s = compile(
      [
        { id: 'v1', ink: 10, debt: 13_000 },
        { id: 'v2', ink: 10, debt: 12_500 },
      ],
      { hole: 10_000, dust: 3000 },
    );
    // v1 is riskier (debt/ink 1,300 > 1,250): barked first with room 10,000 → due 8,849.56; then no room is left for v2.
    const offers = makerEngine.listLiquidatable(s, ctx(0, 1800));
    expect(offers.map((o) => o.ref)).toEqual([0]);
    expect(offers[0]!.maxRepay).toBeCloseTo(8849.56, 2);
    const [e] = makerEngine.execute(s, offers.map((offer) => ({ offer, repay: offer.maxRepay })), ctx(0, 1800));
    expect(e!.seized).toBeCloseTo(6.807351940095, 10);
    const tot = makerEngine.totals(s)[0]!;
    expect(tot.collateral[ETH]).toBeCloseTo(20 - 6.807351940095, 10);
    expect(tot.debt[DAI]).toBeCloseTo(25_500 - 8849.557522124, 6);
    expect(s.ilks[0]!.dirt).toBeCloseTo(10_000, 6);
    // The next round v1 (still unsafe) and v2 wait: Dog/liquidation-limit-hit.
    expect(makerEngine.listLiquidatable(s, ctx(60, 1800)).filter((o) => o.action === 'bark')).toEqual([]);
  });

  it('a vault is barked at most once a round, and a safe vault never', () => {
    const s = compile([{ id: 'v1', ink: 10, debt: 13_000 }]);
    const c = ctx(0, 1800);
    const b = only(makerEngine.listLiquidatable(s, c), 'bark');
    expect(makerEngine.execute(s, [{ offer: b, repay: b.maxRepay }, { offer: b, repay: b.maxRepay }], c)).toHaveLength(1);
    const safe = compile([{ id: 'v1', ink: 10, debt: 13_000 }]);
    expect(makerEngine.listLiquidatable(safe, ctx(0, 1900))).toEqual([]); // 10 × 1,900 / 1.45 = 13,103 > 13,000
    expect(makerEngine.execute(safe, [{ offer: b, repay: b.maxRepay }], ctx(0, 1900))).toEqual([]);
  });
});

describe('makerEngine (clip): redo, and an auction that ends below market', () => {
  it('an auction older than tail needs a redo: new top from the feed, keeper paid again (clip.sol redo)', () => {
    const s = compile([{ id: 'v1', ink: 10, debt: 13_000 }], { cusp: 0.3 });
    run(s, ctx(0, 1800), automatic);
    // 7,200 s: not past tail; price 1,980 × 0.99^80 = 886.10, ratio 0.4475 > cusp 0.3 → still takeable.
    const at7200 = makerEngine.listLiquidatable(s, ctx(7200, 1200));
    expect(only(at7200, 'take').auction!.price).toBeCloseTo(886.1, 2);
    // 7,260 s > tail: no take, a redo (automatic).
    const c = ctx(7260, 1200);
    const offers = makerEngine.listLiquidatable(s, c);
    expect(offers.filter((o) => o.action === 'take')).toEqual([]);
    const r = only(offers, 'redo');
    expect(r.automatic).toBe(true);
    const [e] = makerEngine.execute(s, [{ offer: r, repay: 0 }], c);
    // tab 14,690 >= chost 8,475 and lot × feed = 12,000 >= chost: coin = 250 + 0.001 × 14,690 = 264.69.
    expect(e).toMatchObject({ action: 'redo', repaid: 0, seized: 0 });
    expect(e!.keeperIncentive).toBeCloseTo(264.69, 2);
    const [a] = auctionBook(s, 7260);
    expect(a).toMatchObject({ tic: 7260, price: expect.closeTo(1320, 9) }); // top = 1,200 × buf 1.1
    // One step later: 1,320 × 0.99 = 1,306.80.
    expect(only(makerEngine.listLiquidatable(s, ctx(7350, 1200)), 'take').auction!.price).toBeCloseTo(1306.8, 2);
    expect(makerEngine.totals(s)[0]!.badDebt[DAI]).toBeCloseTo(529.38, 2); // two incentives
  });

  it('with the ETH-A cusp 0.45 the reset comes at step 80 (0.99^80 = 0.4475 < 0.45)', () => {
    const s = compile([{ id: 'v1', ink: 10, debt: 13_000 }]);
    run(s, ctx(0, 1800), automatic);
    expect(makerEngine.listLiquidatable(s, ctx(7110, 1800)).map((o) => o.action)).toEqual(['take']); // step 79: 0.4520
    expect(makerEngine.listLiquidatable(s, ctx(7200, 1800)).map((o) => o.action)).toEqual(['redo']);
  });

  it('with resets off (plain configuration) takes continue past tail and there is no redo', () => {
    const net = network([{ id: 'v1', ink: 10, debt: 13_000 }]);
    const engine = createMakerEngine({ resets: false });
    const s = engine.compile(net, net.protocols[0]!, assetIndex(net));
    const b = engine.listLiquidatable(s, ctx(0, 1800));
    engine.execute(s, b.map((offer) => ({ offer, repay: offer.maxRepay })), ctx(0, 1800));
    const late = engine.listLiquidatable(s, ctx(9000, 1800));
    expect(late.map((o) => o.action)).toEqual(['take']);
    expect(late[0]!.auction!.price).toBeCloseTo(1980 * Math.pow(0.99, 100), 9);
  });

  it('ends below market with bad debt: the OSM lags, the auction decays under the market, the lot runs out', () => {
    const s = compile([{ id: 'v1', ink: 10, debt: 13_000 }]);
    // Barked on the delayed OSM price 1,800 (top 1,980) while ETH trades at 1,000.
    run(s, ctx(0, 1800, 1000), automatic);
    // Until step 67 the auction price is above the market (1,980 × 0.99^67 = 1,009.77): keepers would lose.
    const before = only(makerEngine.listLiquidatable(s, ctx(6030, 1000, 1000)), 'take');
    expect(before.auction!.price).toBeCloseTo(1009.77, 2);
    expect(before.incentive).toBeLessThan(0);
    // Step 68 (6,120 s): 1,980 × 0.99^68 = 999.67 < 1,000. A keeper buys the whole lot for 9,996.74 DAI.
    const c = ctx(6120, 1000, 1000);
    const t = only(makerEngine.listLiquidatable(s, c), 'take');
    expect(t.auction!.price).toBeCloseTo(999.67, 2);
    expect(t.maxRepay).toBeCloseTo(9996.74, 2); // lot·price < tab
    const [e] = makerEngine.execute(s, [{ offer: t, repay: t.maxRepay }], c);
    expect(e!.seized).toBe(10);
    expect(e!.repaid).toBeCloseTo(9996.74, 2);
    // Lot exhausted with tab unpaid: the vow keeps due − raised = 13,000 − 9,996.74 = 3,003.26 DAI as sin.
    expect(e!.badDebt).toEqual([{ asset: DAI, amount: expect.closeTo(3003.26, 2) }]);
    expect(e!.toReserves).toBe(0);
    expect(e!.returnedToOwner).toBe(0);
    expect(e!.bonus).toBeCloseTo(10 - 9996.740597983985 / 1000, 10); // 0.00326 ETH below market
    expect(makerEngine.totals(s)[0]!.badDebt[DAI]).toBeCloseTo(3003.26 + 264.69, 2);
    expect(s.Dirt).toBeCloseTo(0, 6);
  });
});

describe('makerEngine (clip): accrual, totals, insolvency, bad input', () => {
  it('accrues the stability fee as jug.drip: debt × (1 + duty)^(Δt / year)', () => {
    const s = compile([{ id: 'v1', ink: 20, debt: 13_000 }], { duty: 0.05 });
    makerEngine.accrue(s, ctx(0, 1800, 1800, 3600));
    // 13,000 × 1.05^(3,600 / 31,536,000) = 13,000.0724 (effective annual rate governance quotes).
    expect(makerEngine.totals(s)[0]!.debt[DAI]).toBeCloseTo(13_000 * Math.pow(1.05, 3600 / 31_536_000), 6);
    expect(makerEngine.totals(s)[0]!.debt[DAI]).toBeCloseTo(13_000.07, 2);
  });

  it('insolvency: debt minus collateral over vaults and open auctions, USD at the given prices', () => {
    const s = compile([
      { id: 'v1', ink: 10, debt: 13_000 },
      { id: 'v2', ink: 10, debt: 5000 },
    ]);
    // At ETH 1,200: v1 13,000 − 12,000 = 1,000; v2 solvent.
    expect(makerEngine.insolvency(s, new Float64Array([1200, 1]))).toEqual([1000]);
    run(s, ctx(0, 1800), automatic);
    // v1 now in auction: due 13,000 unrecovered vs lot 10 ETH at 1,000.
    expect(makerEngine.insolvency(s, new Float64Array([1000, 1]))).toEqual([3000]);
  });

  it('clone gives an independent copy', () => {
    const s = compile([{ id: 'v1', ink: 10, debt: 13_000 }]);
    const copy = makerEngine.clone(s);
    run(copy, ctx(0, 1800), automatic);
    expect(makerEngine.totals(copy)[0]!.held[ETH]).toBe(10);
    expect(makerEngine.totals(s)[0]!.held[ETH]).toBe(0);
    expect(makerEngine.totals(s)[0]!.collateral[ETH]).toBe(10);
  });

  it('refuses bad orders, contexts and protocols with the function and value', () => {
    const s = compile([{ id: 'v1', ink: 10, debt: 13_000 }]);
    const c = ctx(0, 1800);
    const b = only(makerEngine.listLiquidatable(s, c), 'bark');
    expect(() => makerEngine.execute(s, [{ offer: b, repay: -3 }], c)).toThrow('makerEngine.execute: order repay must be a finite amount >= 0, got -3');
    expect(() => makerEngine.execute(s, [{ offer: b, repay: 20_000 }], c)).toThrow('exceeds the offer');
    expect(() => makerEngine.listLiquidatable(s, ctx(0, NaN))).toThrow('makerEngine.listLiquidatable: oracle price of "ETH" for ilk "ETH-A" must be a finite USD price > 0, got NaN');
    expect(() => makerEngine.listLiquidatable(s, { ...c, oraclePrices: [] })).toThrow('ctx.oraclePrices[0] must hold a price per asset');
    expect(() => makerEngine.accrue(s, { ...c, roundSeconds: -1 })).toThrow('makerEngine.accrue: ctx.roundSeconds must be a finite number of seconds >= 0, got -1');
    expect(() => createMakerEngine({ resets: 'yes' as unknown as boolean })).toThrow('createMakerEngine: resets must be a boolean, got yes');
    const net = network([]);
    const other = { ...net.protocols[0]!, family: 'liquity' } as unknown as (typeof net.protocols)[number];
    expect(() => makerEngine.compile(net, other, assetIndex(net))).toThrow('makerEngine.compile: expected a protocol of family "maker", got "liquity"');
  });
});
