// @ts-check
/**
 * Preload for a fresh process the benches time from outside (`node --import ./bench/exit-cpu.js …`): at exit it writes
 * the process's CPU time (user + system, every thread, worker threads that have ended included) and its wall time
 * since the process started, in ms, as one line of JSON to the file named by DEFI_CONTAGION_EXIT_CPU.
 */
import { appendFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

const file = process.env.DEFI_CONTAGION_EXIT_CPU;
if (isMainThread && file)
  process.on('exit', () => {
    const u = process.cpuUsage();
    appendFileSync(file, `${JSON.stringify({ cpuMs: (u.user + u.system) / 1000, wallMs: performance.now() })}\n`);
  });
