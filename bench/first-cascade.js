// @ts-check
/**
 * The cold start of bench/cascade.bench.js, run in a fresh Node process (`node bench/first-cascade.js`) so that
 * nothing has warmed V8 before it: the kernel compile of the bench network (200,000 generated positions), then its
 * first cascade, then the same compile of a second network object (the compile once the JIT has seen it). Prints
 * one line of JSON: { compileMs, firstCascadeMs, warmCompileMs, compileCpuMs, firstCascadeCpuMs, rounds,
 * liquidations } — wall times, and the process's CPU time (every thread: V8's compiler threads included), which a
 * machine shared with other jobs moves less.
 */
import { compileKernel, simulateCascade } from '../dist/index.js';
import { cascadeNetwork, OPTIONS, SCENARIO } from './cascade.bench.js';

/** CPU milliseconds since `from` (process.cpuUsage: user + system, every thread). */
const cpuMs = (/** @type {NodeJS.CpuUsage} */ from) => {
  const d = process.cpuUsage(from);
  return (d.user + d.system) / 1000;
};

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
