// @ts-check
/**
 * Issue 15 item 3 bench: `simulate` with default options — the exposure game included — through the command line's
 * path (`simulateCascadeAsync`, one worker thread per core), on the cascade bench's network (bench/cascade.bench.js:
 * 8 protocols, 200,000 generated positions, ETH −30% BTC −20%), exact Shapley over 8 players; and on the same shape
 * with 4 more lenders (12 players: 64 sampled permutations, seeded), standard errors printed. The figures with the
 * targets (< 10 s each on 2 cores) are what a user waits for: `defi-contagion simulate <network> --shock …` in a fresh
 * process, from its start to its exit (wall seen from here, CPU of every thread; bench/cascade.bench.js
 * commandLineRuns). Beside each, for reading: one `simulateCascadeAsync` call in this process on a network object
 * compiled for the first time (the kernel compile on this thread and on each worker's is in it) — this thread's JIT is
 * warm from the benches before, so its main run is cheaper than a user's.
 * 2026-12-07, the calling thread takes families (docs/scale.md "The calling thread takes tasks"): `simulate` through
 * the command line, alternating with the build before (load 9–13): 8 protocols CPU 13.2 → 12.1 s, 12 protocols
 * 56.9 / 59.3 → 54.3 / 54.6 s; results byte-identical.
 *
 * Measured (2-core VM shared with other jobs, 2026-12-06): 8 protocols 7.9 s at load average 2.4, 28–32 s at 6–8 (was
 * 23–50 s for 2⁸ + 2 = 258 cascades on one thread: now 64 cascades on 2 threads — Liquity's stability pool keeps its
 * gains and the CRV lender liquidates nothing, so their membership never changes a run, docs/model.md "Runs the game
 * spares"); 12 protocols 29 s at load 2.4, 52–100 s at 6–8 (362 cascades for the 64 permutations' 706 coalitions):
 * it misses the target, as a cascade of this network costs 0.15–0.5 s (bench/cascade.bench.js); 362 of them in 10 s
 * on 2 cores need cheaper cascades (event-driven rounds, issue #15 item 1). Byte-identical to simulateCascade (checked on this network: 1 and 2 workers and the sync path).
 * 2026-12-07 (docs/scale.md "One call on one machine"): the main run is the grand coalition's run (one cascade fewer),
 * the threads compile their kernels and run the first wave while the main run runs, and the cold start is cheaper
 * (compile ~25% less CPU). Before: 13.6 s and 46.8 s at load ~2.5 (the two calls ~70 CPU-seconds over every thread);
 * after: 21 s and 67 s at load ~7, ~70 CPU-seconds: the CPU is the game's cascades — 64 and 362 at ~0.11 s each once
 * a thread is warm, plus ~1.5 s of warm-up per thread — so both figures still follow the machine's load, and the
 * 12-protocol one MISSES: < 10 s on 2 cores is 20 CPU-seconds, a third of what its cascades cost. The note prints
 * the CPU time. Results byte-identical before and after (sha-256 of the JSON: both networks, async; 8 protocols sync).
 * 2026-12-07, forks (docs/model.md "Runs that share their start"): a coalition's run may start from a copy of a run
 * it provably shares up to some round. Measured first: on these networks Aave, Spark, Aave v2 and the 4 lenders first
 * offer a sale in round 0 of every one of the 12-protocol game's 361 runs, Comet in round 1, the cbBTC lender in 0–3,
 * Morpho in 0 (97 runs), 8–9 (84) or 126–147 (the rest), Sky in 75: two coalitions' runs part in round 0–3 unless
 * they differ only in Sky and Morpho, so forks (at rounds 64 and 128) spare ~1/8 of those runs and cost their copies:
 * the 12-protocol game on one thread 43.1 s CPU forked against 42.0 s whole (load ~10, same process). Async, 2
 * workers, at load ~15: 8 protocols 14.1 CPU-s (13.3 before), 12 protocols 56.3 CPU-s (52.7 before) — within the
 * load's noise; results byte-identical (sha-256 of the JSON, cascades 64 and 362 as before). Waves now double (16 up
 * to 128) while no protocol is newly seen offering: fewer waits for a wave's last task. What these two figures need is
 * cheaper cascades, not a cheaper game: the game runs no cascade it could prove equal to another.
 */
import { availableParallelism } from 'node:os';
import { parseNetwork, simulateCascadeAsync } from '../dist/index.js';
import { cascadeNetwork, commandLineRuns } from './cascade.bench.js';
import { meanHealthFactor } from './health-factors.js';

const SCENARIO = { name: 'ETH −30%, BTC −20%', shocks: { ETH: -0.3, WBTC: -0.2, cbBTC: -0.2 } };
const HF = [
  { quantile: 0, healthFactor: 1.03 },
  { quantile: 0.03, healthFactor: 1.25 },
  { quantile: 0.08, healthFactor: 1.45 },
  { quantile: 0.2, healthFactor: 1.75 },
  { quantile: 0.45, healthFactor: 2.2 },
  { quantile: 0.75, healthFactor: 3 },
  { quantile: 1, healthFactor: 8 },
];
/** Debt-weighted mean of HF (trapezoids): collateral sized so the table holds at the threshold. */
const MEAN_HF = meanHealthFactor(HF);

/**
 * A generic lender (Aave v2 rules: close factor 50%) lending USDC against one collateral, `count` generated borrowers
 * owing `debtUsd` (assumed sizes, in line with the bench's smaller lenders).
 * @param {string} id @param {string} asset @param {number} price @param {number} lt @param {number} count @param {number} debtUsd @param {number} seed
 */
function lender(id, asset, price, lt, count, debtUsd, seed) {
  return {
    id,
    family: 'generic',
    version: 'aave-v2',
    oracle: { kind: 'external', heartbeatSeconds: 3600, deviation: 0.005 },
    markets: [
      {
        id: 'main',
        closeFactor: 0.5,
        collaterals: [{ asset, ltv: lt - 0.05, liquidationThreshold: lt, liquidationBonus: 0.075 }],
        borrowables: [{ asset: 'USDC', supply: debtUsd / 0.8, rateModel: { model: 'aaveTwoSlope', optimalUsageRatio: 0.9, baseVariableBorrowRate: 0, variableRateSlope1: 0.04, variableRateSlope2: 0.6 } }],
        generator: { seed, pairs: [{ collateral: asset, debt: 'USDC', count, totalDebt: debtUsd, totalCollateral: (debtUsd * MEAN_HF) / (lt * price), sizeLaw: { kind: 'lognormal', sigma: 1.5 }, healthFactors: HF }] },
      },
    ],
  };
}

/** The bench network with 4 more lenders (ETH, wstETH, WBTC and cbBTC against USDC): 12 protocols, 220,000 positions (the JSON). */
function twelveProtocolsJson() {
  const net = JSON.parse(JSON.stringify(cascadeNetwork()));
  net.meta.name = 'bench: 12 protocols (the cascade bench + 4 lenders)';
  net.protocols.push(
    lender('lender-eth', 'ETH', 4150, 0.82, 6_000, 1.5e8, 21),
    lender('lender-wsteth', 'wstETH', 4980, 0.8, 5_000, 1e8, 22),
    lender('lender-wbtc', 'WBTC', 114000, 0.75, 4_000, 8e7, 23),
    lender('lender-cbbtc', 'cbBTC', 114000, 0.75, 5_000, 8e7, 24),
  );
  return net;
}

/** @param {import('../dist/index.js').CascadeResult} r */
function describe(r) {
  const e = /** @type {NonNullable<typeof r.exposure>} */ (r.exposure);
  const M = (/** @type {number} */ x) => `$${(x / 1e6).toFixed(1)}M`;
  // Per player, its largest effect on another protocol's liquidations, with its standard error when sampled.
  const cells = e.players.map((id) => {
    const i = e.protocols.indexOf(id);
    const row = /** @type {number[]} */ (e.liquidations[i]);
    let j = -1;
    row.forEach((x, k) => k !== i && (j < 0 || Math.abs(x) > Math.abs(/** @type {number} */ (row[j]))) && (j = k));
    const se = e.standardError ? ` ± ${M(/** @type {number} */ (e.standardError.liquidations[i]?.[j]))}` : '';
    return `${id}→${e.protocols[j]} ${M(/** @type {number} */ (row[j]))}${se}`;
  });
  return `${e.method}${e.samples ? ` (${e.samples} permutations, seed ${e.seed})` : ''}, ${e.players.length} players, ${e.cascades} cascades; ${cells.join(', ')}`;
}

export default async function bench() {
  const cores = availableParallelism();
  const out = [];
  for (const [name, json, method] of /** @type {const} */ ([
    ['8 protocols (cascade bench network), exact Shapley', cascadeNetwork(), 'shapley'],
    ['12 protocols (the same + 4 lenders), 64 sampled permutations', twelveProtocolsJson(), 'shapley-sampled'],
  ])) {
    const net = parseNetwork(json);
    const c = process.cpuUsage();
    const t = performance.now();
    const r = await simulateCascadeAsync(net, SCENARIO);
    const ms = performance.now() - t;
    const cpu = process.cpuUsage(c);
    if (r.exposure?.method !== method) throw new Error(`exposure.bench: expected ${method}, got ${r.exposure?.method}`);
    // What a user waits for: the command line in a fresh process (this process's JIT is warm from the benches before).
    // Three fresh processes, the median by wall time (one process's figure moves by ~5% run to run, as the cold start's).
    const runs = commandLineRuns(json, 3, []).sort((a, b) => a.wallMs - b.wallMs);
    const cli = /** @type {{ wallMs: number, cpuMs: number }} */ (runs[1]);
    const each = runs.map((x) => `${(x.wallMs / 1000).toFixed(2)} s / ${(x.cpuMs / 1000).toFixed(1)} CPU-s`).join(', ');
    out.push({ name: `\`defi-contagion simulate\`, default options, ${name}: a fresh process, start to exit, ${cores} threads (this one and ${cores - 1} worker thread(s)), median of 3`, figure: cli.wallMs / 1000, unit: 's', target: 10, better: /** @type {const} */ ('lower'), note: `CPU ${(cli.cpuMs / 1000).toFixed(1)} s over every thread; fresh processes ${each}` });
    out.push({ name: `simulateCascadeAsync, default options, ${name}: one call in this process, compile included, ${cores} threads`, figure: ms / 1000, unit: 's', target: null, better: /** @type {const} */ ('lower'), note: `${describe(r)}; CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s over every thread` });
  }
  return out;
}
