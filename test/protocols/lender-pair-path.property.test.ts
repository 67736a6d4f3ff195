/**
 * The lender's one-pair path (lender/offers.ts pairOfferRow, the one-pair branch of lender/execute.ts): a position with
 * one collateral and one debt entry is listed and liquidated from its columns directly. It must give, bit for bit, the
 * offers and executions of the general path (calculateUserAccountData's sums over every entry, the largest debt, the
 * best collateral), which the same position takes when it also holds an empty collateral and an empty debt entry: the
 * sums then add exact zeros (x + 0 = x), the empty debt is never the largest and the empty collateral is skipped. Two
 * rounds (the second after interest and a further price move) on random pools of Aave 3.0 and 3.3 rules.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aaveV3Engine, type AaveV3State } from '../../src/protocols/aave-v3/index.js';
import { clearExecutionBatch, clearOfferBatch, newExecutionBatch, newOfferBatch, type ExecutionBatch, type OfferBatch } from '../../src/protocols/batch.js';
import { AAVE_ASSETS as ASSETS, AAVE_BORROWABLES as BORROWABLES, AAVE_COLLATERALS as COLLATERALS, indexOf, networkOf, roundContext } from './helpers.js';

const PRICE: Record<string, number> = { ETH: 2000, wstETH: 2400, DAI: 1, USDC: 1 };
const COLL = ['ETH', 'wstETH', 'DAI'];
const DEBT = ['USDC', 'DAI', 'ETH'];

const position = fc.record({
  c: fc.integer({ min: 0, max: 2 }),
  d: fc.integer({ min: 0, max: 2 }),
  usd: fc.double({ min: 50, max: 1e6, noNaN: true }),
  hf: fc.double({ min: 0.5, max: 1.6, noNaN: true }),
});
type Pos = { c: number; d: number; usd: number; hf: number };

/** The pool; `padded`: each position also holds 0 of another collateral (first) and owes 0 of another borrowable (last). */
function build(version: '3.0' | '3.3', list: Pos[], padded: boolean) {
  const positions = list.map((p, i) => {
    let c = COLL[p.c]!;
    const d = DEBT[p.d]!;
    if (c === d) c = COLL[(p.c + 1) % 3]!;
    const lt = COLLATERALS.find((x) => x.asset === c)!.liquidationThreshold;
    const collateral: Record<string, number> = {};
    const debt: Record<string, number> = { [d]: p.usd / PRICE[d]! };
    if (padded) collateral[COLL.find((x) => x !== c)!] = 0;
    collateral[c] = (p.hf * p.usd) / (lt * PRICE[c]!);
    if (padded) debt[DEBT.find((x) => x !== d)!] = 0;
    return { id: `p${i}`, collateral, debt };
  });
  const network = networkOf(ASSETS, [{ id: 'aave', family: 'aave-v3', version, markets: [{ id: 'core', collaterals: COLLATERALS, borrowables: BORROWABLES, positions }] }]);
  return aaveV3Engine.clone(aaveV3Engine.compile(network, network.protocols[0]!, indexOf(network)));
}

function offerRows(b: OfferBatch) {
  return Array.from({ length: b.count }, (_, r) => [b.ref[r], b.collateralAsset[r], b.debtAsset[r], b.healthFactor[r], b.maxRepay[r], b.collateralPerDebt[r], b.incentive[r], b.takerShare[r]]);
}
function executionRows(b: ExecutionBatch) {
  return Array.from({ length: b.count }, (_, r) => [b.ref[r], b.collateralAsset[r], b.debtAsset[r], b.repaid[r], b.seized[r], b.toTaker[r], b.protocolFee[r], b.bonus[r], b.badDebtStart[r + 1]! - b.badDebtStart[r]!]);
}

/** Rounds at the given ETH/wstETH moves: list, take each offer for `share` of its maxRepay; the rows of each round. */
function run(state: AaveV3State, moves: readonly [number, number][], share: number) {
  const offers = newOfferBatch();
  const executions = newExecutionBatch();
  const out: unknown[] = [];
  moves.forEach(([eth, wst], k) => {
    const prices = new Float64Array([2000 * eth, 2400 * wst, 1, 1]);
    const ctx = roundContext(prices, 1, 60 * (k + 1), 86_400);
    aaveV3Engine.accrue(state, ctx);
    clearOfferBatch(offers);
    clearExecutionBatch(executions);
    aaveV3Engine.listLiquidatableBatch!(state, ctx, offers);
    const rows = Uint32Array.from({ length: offers.count }, (_, r) => r);
    const repay = Float64Array.from({ length: offers.count }, (_, r) => offers.maxRepay[r]! * share);
    aaveV3Engine.executeBatch!(state, offers, rows, repay, offers.count, ctx, executions);
    out.push({ offers: offerRows(offers), executions: executionRows(executions), badDebt: Array.from(executions.badDebtAmount.subarray(0, executions.badDebtCount)) });
  });
  return out;
}

describe('lender one-pair path = general path', () => {
  it('lists and liquidates a one-pair position exactly as the same position with empty entries', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<'3.0' | '3.3'>('3.0', '3.3'),
        fc.array(position, { minLength: 1, maxLength: 40 }),
        fc.array(fc.tuple(fc.double({ min: 0.6, max: 1.1, noNaN: true }), fc.double({ min: 0.8, max: 1.05, noNaN: true })), { minLength: 2, maxLength: 2 }),
        fc.constantFrom(1, 0.5, 0.2),
        (version, list, moves, share) => {
          const pair = run(build(version, list, false), moves, share);
          const general = run(build(version, list, true), moves, share);
          // Object.is on every number: bit for bit, −0 included.
          expect(pair).toStrictEqual(general);
        },
      ),
      { seed: 20261207, numRuns: 80 },
    );
  });

  it('finds liquidations to compare (the pools are not all healthy)', () => {
    const list = Array.from({ length: 30 }, (_, i) => ({ c: i % 3, d: (i + 1) % 3, usd: 1000 + 997 * i, hf: 0.6 + i / 40 }));
    const rounds = run(build('3.3', list, false), [[0.8, 0.95], [0.7, 0.9]], 1) as { executions: unknown[] }[];
    // HF 0.6 + i/40 < 1 for i < 16 before the move: at least those 16 are liquidated in the first round.
    expect(rounds[0]!.executions.length).toBeGreaterThanOrEqual(16);
  });
});
