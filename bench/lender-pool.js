// @ts-check
/**
 * The bench pool of protocols.bench.js and round.bench.js: one Aave v3.3 pool of 1,000,000 generated ETH/USDC
 * positions. ETH collateral with Aave v3 Core WETH's parameters (LT 83%, bonus 5%, protocol fee 10%:
 * aave-dao/aave-proposals-v3 reports/AaveV3Ethereum_UpgradeAaveV3ETHPooolWETHParameters_20231031_after.json, via
 * /work/shared/reference/protocol-params.md §1.2), USDC debt. The size law (log-normal, σ = 1.5) and the
 * debt-weighted health-factor table are assumed (no sourced HF histogram exists for the snapshot date:
 * market-sizes.md §5): 3% of the debt sits below HF 1.1, 8% below 1.25, 15% below 1.45.
 */
import { parseNetwork } from '../dist/network/index.js';
import { HF_POOL as HF_TABLE, meanHealthFactor } from './health-factors.js';
import { clearExecutionBatch, clearOfferBatch, newExecutionBatch, newOfferBatch } from '../dist/protocols/batch.js';

export const POSITIONS = 1_000_000;
export const ETH = 2000;
const LT = 0.83;
const TOTAL_DEBT = 2_000_000_000; // USDC

export function network() {
  return parseNetwork({
    schemaVersion: 1,
    meta: { name: 'bench: one Aave v3.3 pool, 1M generated ETH/USDC positions', snapshotDate: '2025-10-01', synthetic: true },
    assets: [
      { id: 'ETH', symbol: 'ETH', price: ETH },
      { id: 'USDC', symbol: 'USDC', price: 1, pegOf: { asset: 'USD', rate: 1 } },
    ],
    venues: [{ id: 'eth-usdc', kind: 'constantProduct', coins: ['ETH', 'USDC'], reserves: [50_000, 100_000_000], fee: 0.003 }],
    protocols: [
      {
        id: 'aave',
        family: 'aave-v3',
        version: '3.3',
        oracle: { kind: 'external' },
        markets: [
          {
            id: 'core',
            collaterals: [{ asset: 'ETH', ltv: 0.805, liquidationThreshold: LT, liquidationBonus: 0.05, liquidationProtocolFee: 0.1 }],
            borrowables: [
              {
                asset: 'USDC',
                supply: 2_500_000_000,
                rateModel: { model: 'aaveTwoSlope', optimalUsageRatio: 0.92, baseVariableBorrowRate: 0, variableRateSlope1: 0.065, variableRateSlope2: 0.35 },
              },
            ],
            generator: {
              seed: 42,
              pairs: [
                {
                  collateral: 'ETH',
                  debt: 'USDC',
                  count: POSITIONS,
                  totalDebt: TOTAL_DEBT,
                  totalCollateral: (TOTAL_DEBT * meanHealthFactor(HF_TABLE)) / (LT * ETH),
                  sizeLaw: { kind: 'lognormal', sigma: 1.5 },
                  healthFactors: HF_TABLE,
                },
              ],
            },
          },
        ],
      },
    ],
  });
}

/** @param {number[]} xs */
export const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1] ?? 0;

/**
 * `repeats` rounds on the batch path, each on its own clone of `state`: list (`listLiquidatableBatch`), then every
 * offer taken in full (`executeBatch`; no decision step). The offer and execution rows and the order arrays are reused
 * from round to round, as the cascade does. The clones are all made before the first round: a clone made just before
 * its round (~75 MB per million positions) leaves the collector's background work to run into the round, which then
 * measures the harness's garbage (2–10× the round on the 2-core bench VM), not the round. Times in ms (wall, and CPU
 * of all threads); minor page faults per round.
 * @param {any} engine
 * @param {any} state
 * @param {any} ctx
 * @param {number} repeats
 */
export function batchRounds(engine, state, ctx, repeats) {
  const listBatch = engine.listLiquidatableBatch;
  const executeBatch = engine.executeBatch;
  if (!listBatch || !executeBatch) throw new Error('bench: the engine has no batch path');
  const offerRows = newOfferBatch();
  const executionRows = newExecutionBatch();
  let rows = new Uint32Array(1);
  let repay = new Float64Array(1);
  /** @type {number[]} */
  const rounds = [];
  /** @type {number[]} */
  const lists = [];
  /** @type {number[]} */
  const cpus = [];
  /** @type {number[]} */
  const faults = [];
  let repaid = 0;
  const runs = Array.from({ length: repeats }, () => engine.clone(state));
  for (let r = 0; r < repeats; r++) {
    const run = runs[r];
    const c0 = process.cpuUsage();
    const f0 = process.resourceUsage().minorPageFault;
    const t = performance.now();
    clearOfferBatch(offerRows);
    clearExecutionBatch(executionRows);
    listBatch(run, ctx, offerRows);
    const tl = performance.now();
    const n = offerRows.count;
    if (rows.length < n) {
      rows = new Uint32Array(n);
      repay = new Float64Array(n);
    }
    for (let j = 0; j < n; j++) {
      rows[j] = j;
      repay[j] = /** @type {number} */ (offerRows.maxRepay[j]);
    }
    executeBatch(run, offerRows, rows, repay, n, ctx, executionRows);
    const te = performance.now();
    const c = process.cpuUsage(c0);
    cpus.push((c.user + c.system) / 1000);
    faults.push(process.resourceUsage().minorPageFault - f0);
    rounds.push(te - t);
    lists.push(tl - t);
    repaid = 0;
    for (let e = 0; e < executionRows.count; e++) repaid += /** @type {number} */ (executionRows.repaid[e]);
  }
  return { rounds, lists, cpus, faults, offerRows, executionRows, repaid, run: runs[repeats - 1] };
}
