// @ts-check
/**
 * The cold start of bench/cascade.bench.js, run in a fresh Node process (`node bench/first-cascade.js`) so that
 * nothing has warmed V8 before it: the kernel compile of the bench network (200,000 generated positions), then its
 * first cascade, then the same compile of a second network object (the compile once the JIT has seen it). Prints
 * one line of JSON: { compileMs, firstCascadeMs, warmCompileMs, rounds, liquidations }.
 */
import { compileKernel, simulateCascade } from '../dist/index.js';
import { cascadeNetwork, OPTIONS, SCENARIO } from './cascade.bench.js';

const net = cascadeNetwork();
const t0 = performance.now();
compileKernel(net);
const compileMs = performance.now() - t0;
const t1 = performance.now();
const r = simulateCascade(net, SCENARIO, OPTIONS);
const firstCascadeMs = performance.now() - t1;
const again = cascadeNetwork();
const t2 = performance.now();
compileKernel(again);
const warmCompileMs = performance.now() - t2;
console.log(JSON.stringify({ compileMs, firstCascadeMs, warmCompileMs, rounds: r.roundCount, liquidations: r.totals.liquidations }));
