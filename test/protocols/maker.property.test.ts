/**
 * Property tests of the maker engine (issue 4): collateral seized never exceeds collateral held (vault or lot);
 * repaid never exceeds the debt (vault debt or tab); a liquidation never applies to a healthy vault
 * (dog.bark / cat.bite "not-unsafe": ink·price/mat < art·rate at the round's oracle price); no bad debt while the
 * collateral covers the debt; and every collateral token is accounted for (vaults + lots + taken + returned).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { assetIndex } from '../../src/protocols/market-store.js';
import type { Execution, Offer, RoundContext } from '../../src/protocols/engine.js';
import { auctionBook, makerEngine, type MakerState } from '../../src/protocols/maker/index.js';
import { debtOf, inkOf } from '../../src/protocols/maker/state.js';
import { ethPoolNetwork } from '../eth-pool.js';

const ETH = 0;
const MAT = 1.45;

type Vault = { ink: number; debt: number };

function compile(vaults: Vault[], version: 'clip' | 'flip', o: { hole?: number; tip?: number; chip?: number } = {}): MakerState {
  const auction =
    version === 'clip'
      ? { kind: 'clip', buf: 1.1, tail: 7200, cusp: 0.45, chip: o.chip ?? 0.001, tip: o.tip ?? 250, calc: { kind: 'StairstepExponentialDecrease', step: 90, cut: 0.99 } }
      : { kind: 'flip', beg: 1.03, ttl: 600, tau: 259_200, lump: 50 };
  const net = ethPoolNetwork({
    name: 'maker property',
    snapshotDate: '2025-07-03',
    stable: 'DAI',
    pool: { eth: 10_000, fee: 0.003 },
    protocols: [
      {
        id: 'maker',
        family: 'maker',
        version,
        Hole: 1_000_000,
        oracle: { kind: 'external' },
        markets: [
          {
            id: 'ETH-A',
            collaterals: [{ asset: 'ETH', mat: MAT, chop: 1.13 }],
            borrowables: [{ asset: 'DAI', rateModel: { model: 'fixed', rate: 0.05 } }],
            dust: 1000,
            ...(o.hole !== undefined ? { hole: o.hole } : {}),
            auction,
            positions: vaults.map((v, i) => ({ id: `v${i}`, collateral: { ETH: v.ink }, debt: { DAI: v.debt } })),
          },
        ],
      },
    ],
  });
  return makerEngine.compile(net, net.protocols[0]!, assetIndex(net));
}

const vaultArb = fc.record({ ink: fc.double({ min: 0.5, max: 400, noNaN: true }), debt: fc.double({ min: 1500, max: 400_000, noNaN: true }) });
const roundArb = fc.record({
  oracle: fc.double({ min: 300, max: 2500, noNaN: true }),
  market: fc.double({ min: 300, max: 2500, noNaN: true }),
  seconds: fc.integer({ min: 60, max: 3000 }),
  share: fc.double({ min: 0, max: 1, noNaN: true }),
  skip: fc.boolean(),
});

function ctx(time: number, oracle: number, market: number, seconds: number): RoundContext {
  return { time, roundSeconds: seconds, oraclePrices: [new Float64Array([oracle, 1])], marketPrices: new Float64Array([market, 1]) };
}

function vaultInk(s: MakerState, i: number): number {
  const m = s.ilks[0]!;
  return m.inkAt[i]! >= 0 ? m.store.collAmount[m.inkAt[i]!]! : 0;
}
function vaultDebt(s: MakerState, i: number): number {
  const m = s.ilks[0]!;
  return m.artAt[i]! >= 0 ? m.store.debtAmount[m.artAt[i]!]! : 0;
}

function finite(e: Execution): boolean {
  return [e.repaid, e.seized, e.toTaker, e.protocolFee, e.toAbsorber, e.redistributed, e.gasCompensation, e.bonus, e.returnedToOwner ?? 0, e.toReserves ?? 0, e.keeperIncentive ?? 0, ...e.badDebt.map((b) => b.amount)].every(Number.isFinite);
}

/** Runs rounds where automatic offers execute and keepers take/bid a random share; checks every execution. */
type Round = { oracle: number; market: number; seconds: number; share: number; skip: boolean };

function simulate(s: MakerState, rounds: Round[]) {
  const initialInk = s.ilks[0]!.store.collAmount.reduce((a, x) => a + x, 0);
  let taken = 0;
  let returned = 0;
  let time = 0;
  for (const r of rounds) {
    const c = ctx(time, r.oracle, r.market, r.seconds);
    makerEngine.accrue(s, c);
    const offers = makerEngine.listLiquidatable(s, c);
    const before = new Map<Offer, { held: number; owed: number }>();
    for (const o of offers) {
      if (o.kind === 'absorb') before.set(o, { held: vaultInk(s, o.ref), owed: vaultDebt(s, o.ref) });
      else before.set(o, { held: s.ilks[0]!.book.lot[o.ref]!, owed: s.ilks[0]!.book.tab[o.ref]! });
    }
    const orders = offers.flatMap((offer) => {
      if (offer.automatic) return [{ offer, repay: offer.maxRepay }];
      if (r.skip) return [];
      if (offer.action === 'tend') return [{ offer, repay: Math.max(offer.auction!.minBid!, offer.maxRepay * r.share) }];
      return [{ offer, repay: offer.maxRepay * r.share }];
    });
    const execs = makerEngine.execute(s, orders, c);
    for (const e of execs) {
      expect(finite(e)).toBe(true);
      // seized = toTaker + protocolFee + toAbsorber + redistributed + gasCompensation
      expect(e.seized).toBeCloseTo(e.toTaker + e.protocolFee + e.toAbsorber + e.redistributed + e.gasCompensation, 9);
      const o = orders.find((x) => x.offer.ref === e.ref && x.offer.kind === e.kind && (x.offer.action ?? '') === e.action)!.offer;
      const b = before.get(o)!;
      expect(e.seized).toBeLessThanOrEqual(b.held * (1 + 1e-12));
      if (e.action === 'bark' || e.action === 'bite') {
        expect(e.repaid).toBeLessThanOrEqual(b.owed * (1 + 1e-12));
        // Never a healthy vault: unsafe at this round's oracle price.
        expect((b.held * r.oracle) / MAT).toBeLessThan(b.owed);
      } else {
        expect(e.repaid).toBeLessThanOrEqual(b.owed * (1 + 1e-12) + 1e-9);
      }
      if (e.toTaker > 0) taken += e.toTaker;
      returned += e.returnedToOwner ?? 0;
    }
    time += r.seconds;
  }
  const t = makerEngine.totals(s)[0]!;
  // Every collateral token is in a vault, in a lot, with a keeper or back with its owner.
  expect(t.collateral[ETH]! + t.held[ETH]! + taken + returned).toBeCloseTo(initialInk, 6);
  for (const a of auctionBook(s, time)) expect(a.lot).toBeGreaterThanOrEqual(0);
  return t;
}

function generated(seed: number, count: number): MakerState {
  const net = ethPoolNetwork({
    name: 'maker generated',
    snapshotDate: '2025-07-03',
    stable: 'DAI',
    pool: { eth: 10_000, fee: 0.003 },
    protocols: [
      {
        id: 'maker',
        family: 'maker',
        version: 'clip',
        oracle: { kind: 'external' },
        markets: [
          {
            id: 'ETH-A',
            collaterals: [{ asset: 'ETH', mat: MAT, chop: 1.13 }],
            borrowables: [{ asset: 'DAI', rateModel: { model: 'fixed', rate: 0 } }],
            auction: { kind: 'clip', buf: 1.1, tail: 7200, cusp: 0.45, chip: 0.001, tip: 250, calc: { kind: 'StairstepExponentialDecrease', step: 90, cut: 0.99 } },
            positions: [{ id: 'empty-handed', collateral: {}, debt: { DAI: 5000 } }],
            generator: {
              seed,
              pairs: [
                {
                  collateral: 'ETH',
                  debt: 'DAI',
                  count,
                  totalCollateral: 30_000,
                  totalDebt: 20_000_000,
                  sizeLaw: { kind: 'lognormal', sigma: 1.2 },
                  healthFactors: [
                    { quantile: 0, healthFactor: 1.01 },
                    { quantile: 0.5, healthFactor: 2 },
                    { quantile: 1, healthFactor: 5 },
                  ],
                },
              ],
            },
          },
        ],
      },
    ],
  });
  return makerEngine.compile(net, net.protocols[0]!, assetIndex(net));
}

describe('maker engine properties', () => {
  it('the sorted scan lists exactly the unsafe vaults a full scan finds, riskiest first', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 1, max: 400 }), fc.double({ min: 400, max: 2400, noNaN: true }), (seed, count, price) => {
        const s = generated(seed, count);
        const m = s.ilks[0]!;
        const listed = makerEngine.listLiquidatable(s, ctx(0, price, price, 60)).map((o) => o.ref);
        const expected: number[] = [];
        for (let i = 0; i < m.store.count; i++) if (vaultInk(s, i) > 0 && (vaultInk(s, i) * price) / MAT < vaultDebt(s, i)) expected.push(i);
        expect([...listed].sort((a, b) => a - b)).toEqual(expected);
        const ratios = listed.map((i) => vaultDebt(s, i) / vaultInk(s, i));
        for (let k = 1; k < ratios.length; k++) expect(ratios[k]!).toBeLessThanOrEqual(ratios[k - 1]! * (1 + 1e-12));
        // The generator meets the totals exactly (reference: src/protocols/generator.ts); the explicit vault adds 5,000 DAI.
        const t = makerEngine.totals(s)[0]!;
        expect(t.collateral[ETH]).toBeCloseTo(30_000, 6);
        expect(t.debt[1]).toBeCloseTo(20_005_000, 4);
      }),
      { numRuns: 60 },
    );
  });

  it('totals and insolvency equal the vault-by-vault sums through inkOf and debtOf, bit for bit, after barks, takes and interest', () => {
    fc.assert(
      fc.property(fc.array(vaultArb, { minLength: 1, maxLength: 12 }), fc.array(roundArb, { minLength: 1, maxLength: 6 }), fc.double({ min: 100, max: 3000, noNaN: true }), (vaults, rounds, price) => {
        const s = compile(vaults, 'clip');
        simulate(s, rounds);
        const m = s.ilks[0]!;
        let ink = 0;
        let art = 0;
        let gap = 0;
        for (let i = 0; i < m.store.count; i++) {
          ink += inkOf(m, i);
          art += debtOf(m, i);
          const x = debtOf(m, i) * 1 - inkOf(m, i) * price;
          if (x > 0) gap += x;
        }
        for (const id of m.book.active) {
          const owed = m.book.due[id]! - m.book.paid[id]!;
          const x = owed * 1 - m.book.lot[id]! * price;
          if (owed > 0 && x > 0) gap += x;
        }
        const t = makerEngine.totals(s)[0]!;
        expect(t.collateral[ETH]).toBe(ink);
        expect(t.debt[1]).toBe(art);
        expect(makerEngine.insolvency(s, new Float64Array([price, 1]))[0]).toBe(gap);
      }),
      { numRuns: 80 },
    );
  });

  it('clip: seized <= held, repaid <= debt/tab, never a healthy vault, collateral conserved', () => {
    fc.assert(
      fc.property(fc.array(vaultArb, { minLength: 1, maxLength: 6 }), fc.array(roundArb, { minLength: 1, maxLength: 8 }), fc.option(fc.double({ min: 2000, max: 600_000, noNaN: true })), (vaults, rounds, hole) => {
        simulate(compile(vaults, 'clip', hole === null ? {} : { hole }), rounds);
      }),
      { numRuns: 80 },
    );
  });

  it('flip: the same, with tend/dent bids and zero bids', () => {
    fc.assert(
      fc.property(fc.array(vaultArb, { minLength: 1, maxLength: 5 }), fc.array(roundArb, { minLength: 1, maxLength: 8 }), (vaults, rounds) => {
        simulate(compile(vaults, 'flip'), rounds);
      }),
      { numRuns: 80 },
    );
  });

  it('clip: no bad debt while the collateral covers the debt (keepers take only when lot × price covers what is owed)', () => {
    fc.assert(
      fc.property(vaultArb, fc.double({ min: 0.2, max: 0.95, noNaN: true }), fc.array(fc.integer({ min: 60, max: 2000 }), { minLength: 1, maxLength: 10 }), fc.double({ min: 0.05, max: 1, noNaN: true }), (v, hf, steps, share) => {
        // A vault at health factor hf at ETH 2,000 (with no keeper incentives, so the vow's sin is only unrecovered debt).
        const ink = (hf * v.debt * MAT) / 2000;
        const s = compile([{ ink, debt: v.debt }], 'clip', { tip: 0, chip: 0 });
        let time = 0;
        const first = ctx(0, 2000, 2000, 60);
        makerEngine.execute(s, makerEngine.listLiquidatable(s, first).map((offer) => ({ offer, repay: offer.maxRepay })), first);
        for (const dt of steps) {
          time += dt;
          const c = ctx(time, 2000, 2000, dt);
          const orders = makerEngine.listLiquidatable(s, c).flatMap((offer) => {
            if (offer.automatic) return [{ offer, repay: offer.maxRepay }];
            const m = s.ilks[0]!;
            const owed = m.book.due[offer.ref]! - m.book.paid[offer.ref]!;
            return offer.auction!.lot * offer.auction!.price! >= owed ? [{ offer, repay: offer.maxRepay * share }] : [];
          });
          for (const e of makerEngine.execute(s, orders, c)) expect(e.badDebt).toEqual([]);
        }
        expect(makerEngine.totals(s)[0]!.badDebt[1]).toBe(0);
      }),
      { numRuns: 100 },
    );
  });

  it('flip: no bad debt while the collateral covers the debt (competitive keepers bid the lot value, up to tab)', () => {
    fc.assert(
      fc.property(vaultArb, fc.double({ min: 1.0, max: 1.4, noNaN: true }), (v, cover) => {
        // Collateral worth `cover` × debt at the oracle price, below the 1.45 liquidation ratio: unsafe but covered.
        const price = 2000;
        const ink = (cover * v.debt) / price;
        const s = compile([{ ink, debt: v.debt }], 'flip');
        let time = 0;
        for (let round = 0; round < 40 && (round === 0 || auctionBook(s, time).length > 0); round++) {
          const c = ctx(time, price, price, 60);
          const orders = makerEngine.listLiquidatable(s, c).flatMap((offer) => {
            if (offer.automatic) return [{ offer, repay: offer.maxRepay }];
            if (offer.action !== 'tend') return [];
            const bid = Math.min(offer.maxRepay, offer.auction!.lot * price);
            return bid >= offer.auction!.minBid! ? [{ offer, repay: bid }] : [];
          });
          for (const e of makerEngine.execute(s, orders, c)) expect(e.badDebt).toEqual([]);
          time += 700;
        }
        expect(makerEngine.totals(s)[0]!.badDebt[1]).toBe(0);
      }),
      { numRuns: 100 },
    );
  });
});
