// @ts-check
/**
 * Market layer: clearings per second for one asset (ETH) across 10 venues of mixed kinds — x·y = k pools,
 * v3 ranges, a StableSwap pool, depth-curve and square-root-law books — at a spread of sale sizes (0.1 to
 * 100,000 ETH), each clearing computing the per-venue split, proceeds and next states (issue 3: target
 * 100,000 per second on one core). Also: purchases (exact output) on the same venues.
 */
import { clearPurchases, clearSales, createConcentrated, createConstantProduct, createOrderBook, createStableswap } from '../dist/market/index.js';

const prices = [2000, 1, 1, 2000];
/** @param {number} a @param {number} b */
const coins = (a, b) => ({ coins: [a, b] });

function venues() {
  return [
    createConstantProduct({ ...coins(0, 1), reserves: [5000, 10_000_000], fee: 0.003 }),
    createConstantProduct({ ...coins(0, 2), reserves: [800, 1_600_000], fee: 0.0005 }),
    createConstantProduct({ ...coins(0, 1), reserves: [300, 600_000], fee: 0.01 }),
    createConcentrated({ ...coins(0, 1), price: 2000, fee: 0.0005, ranges: [{ lower: 1500, upper: 1900, liquidity: 4e4 }, { lower: 1900, upper: 2100, liquidity: 2e5 }, { lower: 2100, upper: 2600, liquidity: 3e4 }] }),
    createConcentrated({ ...coins(0, 2), price: 2000, fee: 0.003, ranges: [{ lower: 1000, upper: 1800, liquidity: 1e4 }, { lower: 1850, upper: 3000, liquidity: 5e4 }] }),
    createConcentrated({ ...coins(1, 0), price: 1 / 2000, fee: 0.0005, ranges: [{ lower: 1 / 2500, upper: 1 / 1600, liquidity: 2e3 }] }),
    createStableswap({ ...coins(3, 0), balances: [40_000, 40_000], A: 50, fee: 0.0004 }),
    createOrderBook({ ...coins(0, 2), model: 'depth', mid: 2000, fee: 0.001, bids: [{ offset: 0.001, depth: 200 }, { offset: 0.01, depth: 1500 }, { offset: 0.05, depth: 4000 }], asks: [{ offset: 0.001, depth: 200 }, { offset: 0.05, depth: 4000 }] }),
    createOrderBook({ ...coins(0, 1), model: 'sqrtImpact', mid: 2000, fee: 0.001, dailyVolume: 200_000, volatility: 0.6 }),
    createOrderBook({ ...coins(0, 2), model: 'sqrtImpact', mid: 2000, fee: 0.0002, dailyVolume: 80_000, volatility: 0.6, impactCoefficient: 0.8 }),
  ];
}

/**
 * @param {(q: number) => unknown} run
 * @param {number[]} sizes
 */
function perSecond(run, sizes) {
  for (let k = 0; k < 2000; k++) run(sizes[k % sizes.length] ?? 1);
  let count = 0;
  const t0 = performance.now();
  let t = t0;
  while (t - t0 < 1500) {
    for (let k = 0; k < 200; k++) run(sizes[(count + k) % sizes.length] ?? 1);
    count += 200;
    t = performance.now();
  }
  return (count * 1000) / (t - t0);
}

export default async function () {
  const vs = venues();
  const sizes = Array.from({ length: 64 }, (_, k) => 0.1 * Math.pow(10, (6 * k) / 63));
  const sales = perSecond((q) => clearSales(vs, 0, q, { prices }), sizes);
  const purchases = perSecond((q) => clearPurchases(vs, 0, q / 100, { prices }), sizes);
  return [
    { name: 'market: clearSales, one asset across 10 mixed venues', figure: sales, unit: 'clearings/s', target: 100_000, better: /** @type {const} */ ('higher'), note: 'sizes 0.1–100,000 ETH, next states included' },
    { name: 'market: clearPurchases (exact output), same venues', figure: purchases, unit: 'clearings/s', target: 100_000, better: /** @type {const} */ ('higher'), note: 'sizes 0.001–1,000 ETH' },
  ];
}
