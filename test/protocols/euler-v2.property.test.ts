/**
 * euler-v2 engine properties (the invariants the other families' property tests check, DESIGN §5) on random vaults,
 * accounts of one or two collaterals, partial orders and price paths: the index lists exactly the accounts a full
 * scan finds in violation and past their cool-off; no healthy account is liquidated; seized <= the collateral held,
 * repaid <= the debt; collateral is conserved (held before = held after + seized); the liquidator receives
 * repay/f of value (f = max(HS, 1 − maxLiquidationDiscount)) unless the collateral runs out, so the discount never
 * exceeds its cap; bad debt only when no collateral is left, and then it is all the debt left (socialisation), which
 * the vault books; the books' totals equal the vault's; and the batch path gives the object path's rows.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eulerV2Engine, listEulerLiquidatable, type EulerState } from '../../src/protocols/euler-v2/index.js';
import { newExecutionBatch, newOfferBatch, offersOf, executionsOf } from '../../src/protocols/batch.js';
import { assetAt, indexOf, networkOf, pricesOf, roundContext } from './helpers.js';

const account = fc.record({
  // Nothing, or at least a wei's worth: below 1e-18 a token amount is no amount, and subnormal doubles (~1e-320)
  // keep no relative precision for the value checks below.
  eth: fc.oneof(fc.constant(0), fc.double({ min: 1e-18, max: 300, noNaN: true })),
  wst: fc.oneof(fc.constant(0), fc.double({ min: 1e-18, max: 300, noNaN: true })),
  hs: fc.double({ min: 0.6, max: 2, noNaN: true }),
  check: fc.option(fc.integer({ min: -600, max: 0 }), { nil: undefined }),
});

const scenario = fc.record({
  maxDiscount: fc.constantFrom(0, 0.05, 0.15, 0.2),
  coolOff: fc.constantFrom(0, 1, 120),
  socializeDebt: fc.boolean(),
  accounts: fc.array(account, { minLength: 1, maxLength: 20 }),
  rounds: fc.array(fc.record({ eth: fc.double({ min: 0.6, max: 1.1, noNaN: true }), wst: fc.double({ min: 0.6, max: 1.1, noNaN: true }), share: fc.oneof(fc.constant(1), fc.double({ min: 0, max: 1, noNaN: true })) }), { minLength: 1, maxLength: 5 }),
});

interface Vault {
  maxDiscount: number;
  coolOff: number;
  socializeDebt: boolean;
  accounts: { eth: number; wst: number; hs: number; check?: number | undefined }[];
}

function build({ maxDiscount, coolOff, socializeDebt, accounts }: Vault) {
  const positions = accounts.map((a, k) => {
    const weighted = a.eth * 2000 * 0.85 + a.wst * 2400 * 0.83;
    return { id: `a${k}`, collateral: { ETH: a.eth, wstETH: a.wst }, debt: { USDC: weighted > 0 ? weighted / a.hs : 100 }, ...(a.check !== undefined ? { lastStatusCheck: a.check } : {}) };
  });
  const network = networkOf(
    [
      { id: 'ETH', price: 2000 },
      { id: 'wstETH', price: 2400 },
    ],
    [
      {
        id: 'euler',
        family: 'euler-v2',
        markets: [
          {
            id: 'eUSDC',
            collaterals: [
              { asset: 'ETH', liquidationLTV: 0.85 },
              { asset: 'wstETH', liquidationLTV: 0.83 },
            ],
            borrowables: [{ asset: 'USDC', supply: 1e9, rateModel: { model: 'fixed', rate: 0.07 } }],
            maxLiquidationDiscount: maxDiscount,
            liquidationCoolOffTime: coolOff,
            socializeDebt,
            positions,
          },
        ],
      },
    ],
  );
  return { network, state: eulerV2Engine.compile(network, network.protocols[0]!, indexOf(network)) };
}

function snapshot(state: EulerState) {
  const s = state.markets[0]!.store;
  return Array.from({ length: s.count }, (_, i) => ({
    coll: Array.from(s.collAmount.slice(s.collStart[i]!, s.collStart[i + 1]!)),
    debt: Array.from(s.debtAmount.slice(s.debtStart[i]!, s.debtStart[i + 1]!)).reduce((x, d) => x + d, 0),
  }));
}

describe('eulerV2Engine properties', () => {
  it('index = full scan; seized <= held, repaid <= debt, never healthy; value at the capped discount; conservation; socialisation', () => {
    const seen = { executions: 0, socialised: 0, capped: 0, coolingOff: 0 };
    fc.assert(
      fc.property(scenario, (sc) => {
        const { network, state } = build(sc);
        const m = state.markets[0]!;
        const usdc = assetAt(network, 'USDC');
        const eth = assetAt(network, 'ETH');
        const wst = assetAt(network, 'wstETH');
        let pe = 2000;
        let pw = 2400;
        let booked = 0;
        sc.rounds.forEach((r, k) => {
          pe *= r.eth;
          pw *= r.wst;
          const time = 60 * k;
          const prices = pricesOf(network, { ETH: pe, wstETH: pw });
          const ctx = roundContext(prices, 1, time);
          eulerV2Engine.accrue(state, ctx);
          const before = snapshot(state);
          const offers = listEulerLiquidatable(state, ctx);
          const hs = before.map((b) => (b.debt > 0 ? (b.coll[0]! * pe * 0.85 + b.coll[1]! * pw * 0.83) / b.debt : Infinity));
          const inViolation = hs.map((h, i) => h < 1 && before[i]!.debt > 0);
          const cooling = inViolation.map((v, i) => v && time < m.lastStatusCheck[i]! + sc.coolOff);
          seen.coolingOff += cooling.filter(Boolean).length;
          const full = listEulerLiquidatable(state, ctx, { fullScan: true });
          expect(offers).toEqual(full);
          const expected = inViolation.flatMap((v, i) => (v && !cooling[i] && (sc.socializeDebt || before[i]!.coll.some((c) => c > 0)) ? [i] : []));
          expect(offers.map((o) => o.ref)).toEqual(expected);
          // The batch path: same offers, same executions, on a copy.
          const copy = eulerV2Engine.clone(state);
          const ob = newOfferBatch();
          eulerV2Engine.listLiquidatableBatch!(copy, ctx, ob);
          expect(offersOf(ob)).toEqual(offers);
          const repay = Float64Array.from(offers, (o) => o.maxRepay * r.share);
          const eb = newExecutionBatch();
          eulerV2Engine.executeBatch!(copy, ob, Uint32Array.from(offers, (_, j) => j), repay, offers.length, ctx, eb);
          const ex = eulerV2Engine.execute(state, offers.map((offer, j) => ({ offer, repay: repay[j]! })), ctx);
          expect(executionsOf(eb)).toEqual(ex);
          const after = snapshot(state);
          for (const e of ex) {
            seen.executions++;
            const b = before[e.ref]!;
            const a = after[e.ref]!;
            const h = hs[e.ref]!;
            expect(h).toBeLessThan(1); // never a healthy account
            const slot = e.collateralAsset === eth ? 0 : 1;
            expect(e.collateralAsset === eth || e.collateralAsset === wst).toBe(true);
            expect(e.seized).toBeLessThanOrEqual(b.coll[slot]!);
            expect(e.seized).toBe(e.toTaker);
            expect(a.coll[slot]).toBeCloseTo(b.coll[slot]! - e.seized, 9); // conservation
            expect(a.coll[1 - slot]).toBe(b.coll[1 - slot]);
            expect(e.repaid).toBeLessThanOrEqual(b.debt * (1 + 1e-12));
            const f = Math.max(h, 1 - sc.maxDiscount);
            if (f > h) seen.capped++;
            const pc = slot === 0 ? pe : pw;
            if (e.seized < b.coll[slot]! * (1 - 1e-9)) expect(e.seized * pc * f).toBeCloseTo(e.repaid, 6); // repay/f of value
            else expect(e.seized * pc * f).toBeGreaterThanOrEqual(e.repaid * (1 - 1e-9)); // the collateral ran out first
            const bad = e.badDebt.reduce((x, d) => x + d.amount, 0);
            if (bad > 0) {
              seen.socialised++;
              expect(sc.socializeDebt).toBe(true);
              expect(a.coll.every((c) => c === 0)).toBe(true); // only once nothing is left to seize
              expect(a.debt).toBe(0); // and then all of it
              expect(bad).toBeCloseTo(b.debt - e.repaid, 6);
            } else expect(a.debt).toBeCloseTo(b.debt - e.repaid, 6);
            if (sc.socializeDebt && a.coll.every((c) => c === 0)) expect(a.debt).toBe(0);
            booked += bad;
          }
          const t = eulerV2Engine.totals(state)[0]!;
          expect(t.debt[usdc]).toBeCloseTo(m.borrowables[0]!.totalDebt, 3);
          expect(t.badDebt[usdc]).toBeCloseTo(booked, 6);
        });
      }),
      { numRuns: 150 },
    );
    // The runs liquidated, socialised, capped the discount and held accounts in their cool-off (not a vacuous pass).
    expect(seen.executions).toBeGreaterThan(200);
    expect(seen.socialised).toBeGreaterThan(5);
    expect(seen.capped).toBeGreaterThan(20);
    expect(seen.coolingOff).toBeGreaterThan(5);
  });
});
