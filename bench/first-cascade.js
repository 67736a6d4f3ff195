// @ts-check
/**
 * The cold start of bench/cascade.bench.js, run in a fresh Node process (`node bench/first-cascade.js`) so that
 * nothing has warmed V8 before it: the kernel compile of the bench network (200,000 generated positions), then its
 * first cascade, then the same compile of a second network object (the compile once the JIT has seen it). Prints
 * one line of JSON: { compileMs, firstCascadeMs, warmCompileMs, compileCpuMs, firstCascadeCpuMs, rounds,
 * liquidations } — wall times, and the process's CPU time (every thread: V8's compiler threads included), which a
 * machine shared with other jobs moves less. `node bench/first-cascade.js ethereum` runs what `defi-contagion simulate
 * fixtures/ethereum-2025-10-01.json --shock ETH=-30% --exposure none` runs: { parseMs, compileMs,
 * parseAndCompileCpuMs, firstCascadeMs, firstCascadeCpuMs, rounds, liquidations }.
 *
 * Where a first cascade's time goes (issue #15 item 5; 2-core VM, 2026-12-07; per thread from /proc/self/task in a
 * probe): on the bench network ~0.35 s of CPU on the main thread (~0.13 s steady) and ~0.7 s in V8's compiler
 * threads, TurboFan compiling ~280 functions (`node --trace-opt`); with `--no-concurrent-recompilation` the main thread
 * does both, ~1.0 s. The compiles go on through the run — cut to 1 / 10 / 100 / all 622 rounds, main + compiler CPU
 * is 80+150 / 100+260 / 220+490 / 380+780 ms fresh, 20+50 / 20+40 / 60+90 / 130+120 ms warm — as each phase reaches
 * code the earlier rounds had not run; without TurboFan (`--no-opt`) the cascade takes ~1.0–1.1 s. Deoptimisations
 * (`--trace-deopt`) sent ~40 of those functions back to be compiled again; the systematic causes were object shapes
 * that change with V8's tier — Array.prototype.map returns a PACKED array from the interpreter and a HOLEY one from
 * TurboFan, an object spread's shape differs once its function is optimised — fixed by util/map-array.ts, one class
 * for band sets and a named-field cloneMarket: deoptimisations 48–56 → 34–35, CPU −14% and −6% (commit messages).
 */
import { readFileSync } from 'node:fs';
import { compileKernel, parseNetwork, simulateCascade } from '../dist/index.js';
import { cascadeNetwork, ETHEREUM, OPTIONS, SCENARIO } from './cascade.bench.js';

/** CPU milliseconds since `from` (process.cpuUsage: user + system, every thread). */
const cpuMs = (/** @type {NodeJS.CpuUsage} */ from) => {
  const d = process.cpuUsage(from);
  return (d.user + d.system) / 1000;
};

if (process.argv[2] === 'ethereum') {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const net = parseNetwork(JSON.parse(readFileSync(new URL(`../${ETHEREUM.file}`, import.meta.url), 'utf8')));
  const parseMs = performance.now() - t0;
  compileKernel(net);
  const compileMs = performance.now() - t0 - parseMs;
  const parseAndCompileCpuMs = cpuMs(c0);
  const c1 = process.cpuUsage();
  const t1 = performance.now();
  const r = simulateCascade(net, ETHEREUM.scenario, ETHEREUM.options);
  const firstCascadeMs = performance.now() - t1;
  console.log(JSON.stringify({ parseMs, compileMs, parseAndCompileCpuMs, firstCascadeMs, firstCascadeCpuMs: cpuMs(c1), rounds: r.roundCount, liquidations: r.totals.liquidations }));
  process.exit(0);
}

const net = cascadeNetwork();
const c0 = process.cpuUsage();
const t0 = performance.now();
compileKernel(net);
const compileMs = performance.now() - t0;
const compileCpuMs = cpuMs(c0);
const c1 = process.cpuUsage();
const t1 = performance.now();
const r = simulateCascade(net, SCENARIO, OPTIONS);
const firstCascadeMs = performance.now() - t1;
const firstCascadeCpuMs = cpuMs(c1);
const again = cascadeNetwork();
const t2 = performance.now();
compileKernel(again);
const warmCompileMs = performance.now() - t2;
console.log(JSON.stringify({ compileMs, firstCascadeMs, warmCompileMs, compileCpuMs, firstCascadeCpuMs, rounds: r.roundCount, liquidations: r.totals.liquidations }));
