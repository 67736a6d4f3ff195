/**
 * compound-v3 engine properties (issue 4, DESIGN §5 invariants) on random Comets and price paths: collateral seized
 * never exceeds what the account (or the protocol's store front) holds, debt extinguished never exceeds the debt,
 * no healthy account is absorbed (Comet.isLiquidatable), no bad debt while the collateral covers the debt, each
 * execution's split is exact, and the sorted index returns exactly the accounts a full scan finds.
 */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { compoundV3Engine } from '../../src/protocols/compound-v3/index.js';
import { assetAt, cometNetwork, indexOf, pricesOf, roundContext } from './helpers.js';

const account = fc.record({
  eth: fc.oneof(fc.constant(0), fc.double({ min: 0.01, max: 100, noNaN: true })),
  btc: fc.oneof(fc.constant(0), fc.double({ min: 0.001, max: 3, noNaN: true })),
  hf: fc.double({ min: 0.6, max: 2, noNaN: true }),
});

const scenario = fc.record({
  accounts: fc.array(account, { minLength: 1, maxLength: 25 }),
  shocks: fc.array(fc.record({ eth: fc.double({ min: 0.4, max: 1.2, noNaN: true }), btc: fc.double({ min: 0.4, max: 1.2, noNaN: true }), buy: fc.double({ min: 0, max: 1, noNaN: true }) }), { minLength: 1, maxLength: 4 }),
  reserves: fc.double({ min: -1e5, max: 1e6, noNaN: true }),
});

describe('compoundV3Engine properties', () => {
  it('seized <= held, repaid <= debt, never a healthy account, no bad debt while collateral covers debt, exact splits', () => {
    const seen = { executions: 0, badDebt: 0, other: 0 };
    fc.assert(
      fc.property(scenario, ({ accounts, shocks, reserves }) => {
        const positions = accounts.map((a, k) => {
          const weighted = a.eth * 2000 * 0.895 + a.btc * 60000 * 0.77;
          const debt = weighted > 0 ? weighted / a.hf : 1000 * a.hf;
          return { id: `p${k}`, collateral: { ...(a.eth > 0 ? { ETH: a.eth } : {}), ...(a.btc > 0 ? { BTC: a.btc } : {}) }, debt: { USDC: debt } };
        });
        const network = cometNetwork(positions, { reserves: Math.max(0, reserves), targetReserves: 5e5 });
        const state = compoundV3Engine.compile(network, network.protocols[0]!, indexOf(network));
        const m = state.markets[0]!;
        const [eth, btc, usdc] = [assetAt(network, 'ETH'), assetAt(network, 'BTC'), assetAt(network, 'USDC')];
        const ethTotal = positions.reduce((x, p) => x + ((p.collateral as { ETH?: number }).ETH ?? 0), 0);
        let ethSold = 0;
        let pe = 2000;
        let pb = 60000;
        shocks.forEach((s, round) => {
          pe *= s.eth;
          pb *= s.btc;
          const prices = pricesOf(network, { ETH: pe, BTC: pb });
          const ctx = roundContext(prices, 1, 60 * (round + 1));
          const s0 = m.store;
          const coll = (i: number, a: number) => { let x = 0; for (let k = s0.collStart[i]!; k < s0.collStart[i + 1]!; k++) if (s0.collAsset[k] === a) x += s0.collAmount[k]!; return x; };
          const debt = (i: number) => s0.debtAmount[s0.debtStart[i]!] ?? 0;
          const weighted = (i: number) => coll(i, eth) * pe * 0.895 + coll(i, btc) * pb * 0.77;
          const offers = compoundV3Engine.listLiquidatable(state, ctx);
          // The index returns exactly what a full scan finds.
          const scan: number[] = [];
          for (let i = 0; i < s0.count; i++) if (debt(i) > 0 && weighted(i) < debt(i)) scan.push(i);
          expect(offers.filter((o) => o.kind === 'absorb').map((o) => o.ref).sort((a, b) => a - b)).toEqual(scan);
          const before = offers.map((o) => (o.kind === 'absorb' ? { eth: coll(o.ref, eth), btc: coll(o.ref, btc), debt: debt(o.ref), value: coll(o.ref, eth) * pe + coll(o.ref, btc) * pb, weighted: weighted(o.ref) } : null));
          const held = m.held.slice();
          const orders = offers.map((offer) => ({ offer, repay: offer.kind === 'storefront' ? offer.maxRepay * s.buy : offer.maxRepay }));
          const ex = compoundV3Engine.execute(state, orders, ctx);
          for (const e of ex) {
            seen.executions++;
            if (e.badDebt.length) seen.badDebt++;
            if (e.kind === 'storefront') seen.other++;
            expect(e.seized).toBeCloseTo(e.toTaker + e.protocolFee + e.toAbsorber + e.redistributed + e.gasCompensation, 9);
            for (const x of [e.seized, e.repaid, e.bonus, ...e.badDebt.map((b) => b.amount)]) expect(Number.isFinite(x)).toBe(true);
            if (e.kind === 'storefront') {
              expect(e.seized).toBeLessThanOrEqual(held[e.collateralAsset]! * (1 + 1e-12));
              continue;
            }
            const b = before[offers.findIndex((o) => o.kind === 'absorb' && o.ref === e.ref)]!;
            expect(b.weighted).toBeLessThan(b.debt); // never a healthy account
            expect(e.seized).toBeLessThanOrEqual((e.collateralAsset === eth ? b.eth : b.btc) * (1 + 1e-12));
            expect(e.repaid).toBeLessThanOrEqual(b.debt * (1 + 1e-12));
            if (b.value >= b.debt) expect(e.badDebt).toEqual([]); // collateral covers the debt: no bad debt
            if (e.toReserves !== 0) {
              // The account's first execution: repaid over every collateral + bad debt = the whole borrow extinguished.
              const all = ex.filter((x) => x.kind === 'absorb' && x.ref === e.ref);
              expect(all.reduce((x, y) => x + y.repaid, 0) + e.badDebt.reduce((x, y) => x + y.amount, 0)).toBeCloseTo(b.debt, 6);
            }
            expect(debt(e.ref)).toBe(0);
          }
          // Conservation: WETH is on accounts, held by the protocol, or sold at the store front.
          ethSold += ex.filter((e) => e.kind === 'storefront' && e.collateralAsset === eth).reduce((x, e) => x + e.seized, 0);
          const t = compoundV3Engine.totals(state)[0]!;
          expect(t.held[eth]! + t.collateral[eth]! + ethSold).toBeCloseTo(ethTotal, 9);
          expect(Number.isFinite(t.reserves[usdc]!)).toBe(true);
        });
      }),
      { numRuns: 150 },
    );
    // The runs did absorb, book bad debt and sell at the store front (not a vacuous pass).
    expect(seen.executions).toBeGreaterThan(100);
    expect(seen.badDebt).toBeGreaterThan(10);
    expect(seen.other).toBeGreaterThan(10);
  });
});
