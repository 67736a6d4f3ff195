// @ts-check
/**
 * Issue 15 item 4: the classical contagion layer on CSR input — `clearingVector` (Eisenberg–Noe 2001 fictitious
 * default; Rogers–Veraart 2013 with α = 0.5, β = 0.7, the parameters of the R package systemicrisk's documented
 * `default_clearing` example) and `debtRank` (Battiston et al. 2012) — on seeded random networks of the papers'
 * shape: N nodes, each owing 10 distinct creditors drawn uniformly, amounts lognormal (μ = 0, σ = 1), external
 * assets e_i = max(0, p̄_i − inflow_i + θ_i·p̄_i) with θ_i ~ N(0.086, 0.2²), which leaves about one node in six
 * insolvent at face value (printed). DebtRank: equity = face-value equity max(0, e + inflow − p̄), the insolvent
 * nodes shocked to h = 1. Building the CSR (csrFromTriplets, from the 10·N loans) is timed apart.
 * Targets (issue 15): EN ≤ 1.5 ms at N = 1,000 and ≤ 3 ms at 5,000; RV ≤ 10 / 15 ms; DebtRank ≤ 0.4 / 1 ms.
 * Figures are medians of RUNS calls after WARMUP calls.
 *
 * Measured (2-core VM shared with other jobs, load 4–7): N = 1,000: EN 0.28 ms, RV 0.85–1.5 ms, DebtRank 0.13 ms;
 * N = 5,000: EN 1.6–2.3 ms, RV 7.4–11.8 ms, DebtRank 0.78–0.91 ms; building the CSR 0.21 / 0.54–0.71 ms. Before
 * (dense Π and a dense LU per round; a dense scan for DebtRank) issue 15 measured 28–41× / 1,000–2,250× and
 * 11–197× a sparse numpy implementation.
 */
import { clearingVector, csrFromTriplets, debtRank } from '../dist/index.js';
import { createRng } from '../dist/util/random.js';

const RUNS = 41;
const WARMUP = 20;
const CREDITORS = 10;

/** @param {number} n @param {number} seed */
export function paperNetwork(n, seed) {
  const rng = createRng(seed);
  /** @type {number[]} */ const debtor = [];
  /** @type {number[]} */ const creditor = [];
  /** @type {number[]} */ const amount = [];
  const pBar = new Array(n).fill(0);
  const inflow = new Array(n).fill(0);
  for (let i = 0; i < n; i++) {
    /** @type {Set<number>} */
    const chosen = new Set();
    while (chosen.size < CREDITORS) {
      const j = Math.floor(rng.next() * n);
      if (j !== i) chosen.add(j);
    }
    for (const j of chosen) {
      const x = Math.exp(rng.normal());
      debtor.push(i);
      creditor.push(j);
      amount.push(x);
      pBar[i] += x;
      inflow[j] += x;
    }
  }
  /** @type {number[]} */
  const external = pBar.map((p, i) => Math.max(0, p - inflow[i] + 0.2 * (rng.normal() + 0.43) * p));
  const insolvent = external.filter((x, i) => x + inflow[i] < pBar[i]).length;
  const equity = external.map((x, i) => Math.max(0, x + inflow[i] - pBar[i]));
  const shock = external.map((x, i) => (x + inflow[i] < pBar[i] ? 1 : 0));
  return { debtor: Int32Array.from(debtor), creditor: Int32Array.from(creditor), amount: Float64Array.from(amount), external, equity, shock, insolvent };
}

/** @param {() => unknown} run */
function median(run) {
  for (let i = 0; i < WARMUP; i++) run();
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    run();
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[RUNS >> 1] ?? NaN;
}

/** @param {number} n @param {{ en: number, rv: number, dr: number }} targets */
function benchSize(n, targets) {
  const net = paperNetwork(n, 20261207 + n);
  const build = median(() => csrFromTriplets(n, net.debtor, net.creditor, net.amount));
  const liabilities = csrFromTriplets(n, net.debtor, net.creditor, net.amount);
  const exposures = csrFromTriplets(n, net.creditor, net.debtor, net.amount);
  const en = clearingVector(liabilities, net.external);
  const rv = clearingVector(liabilities, net.external, { alpha: 0.5, beta: 0.7 });
  const dr = debtRank(exposures, net.equity, net.shock);
  const count = (/** @type {boolean[]} */ d) => d.filter(Boolean).length;
  const lower = /** @type {const} */ ('lower');
  const N = n.toLocaleString('en-US');
  return [
    { name: `classical: csrFromTriplets, N = ${N} (${(CREDITORS * n).toLocaleString('en-US')} loans)`, figure: build, unit: 'ms', target: null, better: lower, note: `${net.insolvent} of ${N} insolvent at face value` },
    { name: `classical: clearingVector Eisenberg–Noe, CSR, N = ${N}`, figure: median(() => clearingVector(liabilities, net.external)), unit: 'ms', target: targets.en, better: lower, note: `${count(en.defaulted)} defaults in ${en.rounds} rounds` },
    { name: `classical: clearingVector Rogers–Veraart α 0.5 β 0.7, CSR, N = ${N}`, figure: median(() => clearingVector(liabilities, net.external, { alpha: 0.5, beta: 0.7 })), unit: 'ms', target: targets.rv, better: lower, note: `${count(rv.defaulted)} defaults in ${rv.rounds} rounds` },
    { name: `classical: debtRank Battiston 2012, CSR, N = ${N}`, figure: median(() => debtRank(exposures, net.equity, net.shock)), unit: 'ms', target: targets.dr, better: lower, note: `R = ${dr.debtRank.toFixed(3)}, ${dr.iterations} steps, ${count(dr.defaulted)} at h = 1` },
  ];
}

export default async function () {
  return [...benchSize(1000, { en: 1.5, rv: 10, dr: 0.4 }), ...benchSize(5000, { en: 3, rv: 15, dr: 1 })];
}
