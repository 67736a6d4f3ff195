/**
 * The listing margin's proofs on random pools (src/protocols/shared/listing-margin.ts, margin-bounds.ts; docs/model.md
 * §4.1): Aave 3.0, Aave 3.3 and Aave v2 (generic) pools with an e-mode (wstETH/ETH) and, in some runs, multi-asset
 * positions, health factors spread around 0.95 and 1, liquidated round after round down to dust (each liquidation
 * halves a debt while the bonus takes more than half of the collateral left). After a floored listing that finds
 * nothing, the margin is taken; then debts grow, prices move either way and the floor's rate and gas move either way,
 * and wherever stillQuiet says quiet, the listing lists nothing. The runs must reach the classes the collateral floor
 * and Aave 3.0's ½ close factor above HF 0.95 keep quiet, and be loud there too (the floor falls, a health factor
 * crosses 0.95): dropping either term from the check, or taking the step at the wrong close factor, fails the test.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aaveV3Engine } from '../../src/protocols/aave-v3/index.js';
import { genericEngine } from '../../src/protocols/generic/index.js';
import type { Order, ProfitFloor, RoundContext } from '../../src/protocols/engine.js';
import type { ObjectEngine } from '../../src/protocols/objects.js';
import type { LenderState } from '../../src/protocols/lender/state.js';
import { growDebt } from '../../src/protocols/position-store.js';
import { scaleDebt } from '../../src/protocols/shared/liquidation-index.js';
import { assetAt, indexOf, networkOf, pricesOf, roundContext, type TestAsset } from './helpers.js';

const ASSETS: TestAsset[] = [
  { id: 'ETH', price: 2000 },
  { id: 'wstETH', price: 2300 },
];
const rateModel = { model: 'none' };
const collaterals = [
  { asset: 'ETH', ltv: 0.8, liquidationThreshold: 0.83, liquidationBonus: 0.05, liquidationProtocolFee: 0.1 },
  { asset: 'wstETH', ltv: 0.78, liquidationThreshold: 0.81, liquidationBonus: 0.06, liquidationProtocolFee: 0.1 },
];
const emodes = [{ id: 1, label: 'ETH correlated', collaterals: [{ asset: 'wstETH', ltv: 0.93, liquidationThreshold: 0.95, liquidationBonus: 0.01 }], borrowables: ['ETH'] }];
const borrowables = [
  { asset: 'USDC', supply: 1e10, rateModel },
  { asset: 'ETH', supply: 1e7, rateModel },
];

type Kind = '3.0' | '3.3' | 'v2';

/** Position i owing `usd` at health factor `hf`: ETH/USDC, wstETH/ETH in the e-mode (Aave, `emode`) or out, or (`multi`) two and two. */
function position(kind: Kind, i: number, usd: number, hf: number, emode: boolean, multi: boolean) {
  const k = i % (multi ? 4 : 3);
  if (k === 0 || (k === 1 && !emode)) return { id: `p${i}`, collateral: { ETH: (hf * usd) / (0.83 * 2000) }, debt: { USDC: usd } };
  if (k === 1 && kind !== 'v2') return { id: `p${i}`, emode: 1, collateral: { wstETH: (hf * usd) / (0.95 * 2300) }, debt: { ETH: usd / 2000 } };
  if (k !== 3) return { id: `p${i}`, collateral: { wstETH: (hf * usd) / (0.81 * 2300) }, debt: { ETH: usd / 2000 } };
  return { id: `p${i}`, collateral: { wstETH: (hf * usd) / (2 * 0.81 * 2300), ETH: (hf * usd) / (2 * 0.83 * 2000) }, debt: { USDC: usd / 2, ETH: usd / 4000 } };
}

function pool(kind: Kind, exponents: readonly number[], hfs: readonly number[], emode: boolean, multi: boolean) {
  const positions = exponents.map((x, i) => position(kind, i, 10 ** x, hfs[i % hfs.length]!, emode, multi));
  const market = { id: 'core', collaterals, borrowables, positions };
  const net =
    kind === 'v2'
      ? networkOf(ASSETS, [{ id: 'v2', family: 'generic', version: 'aave-v2', markets: [{ ...market, closeFactor: 0.5, collaterals: collaterals.map(({ liquidationProtocolFee: _, ...c }) => c) }] }])
      : networkOf(ASSETS, [{ id: 'aave', family: 'aave-v3', version: kind, markets: [{ ...market, emodes }] }]);
  const engine = (kind === 'v2' ? genericEngine : aaveV3Engine) as unknown as ObjectEngine<LenderState>;
  return { net, engine, state: engine.clone(engine.compile(net, net.protocols[0]!, indexOf(net))) };
}

/** The floor of a round at `ps`: collateral sells at `rateShare` × the oracle's ratio at best, `gasUsd` a liquidation. */
function floored(ps: Float64Array, rateShare: number, gasUsd: number, k: number): RoundContext {
  const profitFloor: ProfitFloor = { bestRate: (c, d) => (rateShare * ps[c]!) / ps[d]!, gas: ps.map((p) => gasUsd / p) };
  return { ...roundContext(ps, 1, 60 * (k + 1)), profitFloor };
}

/** A later round: interest, prices, the floor's rate or its gas moved (one at a time, each either way but interest). */
const same = { growth: 1, move: 1, rateShare: 1, gas: 1 };
const step = fc.oneof(
  fc.double({ min: 1, max: 1.01, noNaN: true }).map((growth) => ({ ...same, growth })),
  fc.double({ min: 0.995, max: 1.01, noNaN: true }).map((move) => ({ ...same, move })),
  fc.double({ min: 0.995, max: 1.005, noNaN: true }).map((rateShare) => ({ ...same, rateShare })),
  fc.double({ min: 0.85, max: 1.2, noNaN: true }).map((gas) => ({ ...same, gas })),
);

describe('stillQuiet never says quiet where the listing lists (random pools liquidated to dust, floors and prices moving)', () => {
  it('Aave 3.0, 3.3 and v2, with an e-mode and multi-asset positions', () => {
    const seen = { quiet: 0, loud: 0, heldQuiet: 0, heldLoud: 0, stepQuiet: 0, stepLoud: 0, noMargin: 0 };
    fc.assert(
      fc.property(
        fc.constantFrom<Kind>('3.0', '3.0', '3.3', 'v2'),
        fc.boolean(),
        fc.boolean(),
        fc.array(fc.double({ min: 2, max: 5, noNaN: true }), { minLength: 60, maxLength: 120 }),
        fc.array(fc.oneof(fc.double({ min: 0.85, max: 1.15, noNaN: true }), fc.double({ min: 0.94, max: 0.99, noNaN: true }), fc.double({ min: 0.05, max: 0.9, noNaN: true })), { minLength: 5, maxLength: 15 }),
        fc.double({ min: 0.8, max: 0.95, noNaN: true }),
        fc.integer({ min: 0, max: 2 }),
        fc.double({ min: 10, max: 60, noNaN: true }),
        fc.array(step, { minLength: 4, maxLength: 10 }),
        (kind, emode, multi, exponents, hfs, crash, rounds, gas0, steps) => {
          const { net, engine, state } = pool(kind, exponents, hfs, emode, multi);
          const eth = assetAt(net, 'ETH');
          const usdc = assetAt(net, 'USDC');
          const ps = pricesOf(net, { ETH: 2000 * crash, wstETH: 2300 * crash });
          // Liquidated whole, round after round, without a floor: positions down to little collateral.
          for (let r = 0; r < rounds; r++) {
            const ctx = roundContext(ps, 1, 60 * (r + 1));
            const offers = engine.listLiquidatable(state, ctx);
            engine.execute(state, offers.map((offer) => ({ offer, repay: offer.maxRepay }) as Order), ctx);
          }
          // Under the floor, what pays is taken until the listing finds nothing.
          let ctx0 = floored(ps, 1, gas0, rounds);
          for (let r = 0; r < 4; r++) {
            const offers = engine.listLiquidatable(state, ctx0);
            if (offers.length === 0) break;
            engine.execute(state, offers.map((offer) => ({ offer, repay: offer.maxRepay }) as Order), ctx0);
            ctx0 = floored(ps, 1, gas0, rounds + r + 1);
          }
          if (engine.listLiquidatable(state, ctx0).length > 0) return;
          const m = engine.listingMargin!(state, ctx0);
          const im = m.markets?.[0];
          if (!im) seen.noMargin++;
          const held = im !== undefined && (im.held.some((x) => x > -Infinity) || im.bothRatio.some((x) => x > -Infinity));
          const stepped = im !== undefined && im.stepDebt.some((x) => x > -Infinity);
          // Each step from the margin's state: a later round's interest, prices and floor.
          steps.forEach(({ growth, move, rateShare, gas }, k) => {
            const later = engine.clone(state);
            for (const ms of later.markets)
              for (const a of [eth, usdc]) {
                growDebt(ms.store, a, growth);
                scaleDebt(ms.index, a, growth);
              }
            const moved = ps.map((p, a) => (a === usdc ? p : p * move));
            const ctx = floored(moved, rateShare, gas * gas0, rounds + 5 + k);
            const quiet = engine.stillQuiet!(later, ctx, m);
            if (quiet) expect(engine.listLiquidatable(later, ctx)).toEqual([]);
            seen[quiet ? 'quiet' : 'loud']++;
            if (held) seen[quiet ? 'heldQuiet' : 'heldLoud']++;
            if (stepped) seen[quiet ? 'stepQuiet' : 'stepLoud']++;
          });
        },
      ),
      { numRuns: 150 },
    );
    // Every class was proved quiet and seen loud: the test reaches what it checks.
    expect(seen.quiet).toBeGreaterThan(50);
    expect(seen.loud).toBeGreaterThan(50);
    expect(seen.heldQuiet).toBeGreaterThan(20);
    expect(seen.heldLoud).toBeGreaterThan(20);
    expect(seen.stepQuiet).toBeGreaterThan(5);
    expect(seen.stepLoud).toBeGreaterThan(5);
    expect(seen.noMargin).toBeGreaterThan(0);
  });
});
