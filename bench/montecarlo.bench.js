// @ts-check
/**
 * Monte Carlo speed (issue #17, DESIGN §7): paths per second with 1 and 2 workers on the Ethereum fixture at its
 * default generated size, 24 h horizon, default options. Target: 10,000 paths in under 60 s on 2 cores, i.e.
 * ≥ 166.7 paths/s with 2 workers. Each figure runs 1,000 paths after a 100-path warm-up (the pool's start-up and the
 * workers' kernel compilation are inside the 2-worker figure, as a real run pays them).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadNetwork, monteCarlo } from '../dist/index.js';

const ETHEREUM = fileURLToPath(new URL('../fixtures/ethereum-2025-10-01.json', import.meta.url));

/** @returns {Promise<import('./run.js').BenchResult[]>} */
export default async function bench() {
  if (!existsSync(ETHEREUM)) return [{ name: 'monteCarlo', figure: 0, unit: 'paths/s', target: null, better: 'higher', note: 'fixtures/ethereum-2025-10-01.json is missing' }];
  const network = await loadNetwork(ETHEREUM);
  const paths = 1000;
  await monteCarlo(network, { paths: 100, workers: 1 });
  /** @type {import('./run.js').BenchResult[]} */
  const out = [];
  for (const workers of [1, 2]) {
    const t = performance.now();
    const r = await monteCarlo(network, { paths, workers, horizon: '24h' });
    const seconds = (performance.now() - t) / 1000;
    const rate = paths / seconds;
    out.push({
      name: `monteCarlo, Ethereum fixture, 24h, ${workers} worker${workers > 1 ? 's' : ''}`,
      figure: rate,
      unit: 'paths/s',
      target: workers === 2 ? 10_000 / 60 : null,
      better: 'higher',
      note: `${paths} paths in ${seconds.toFixed(1)} s (10,000 paths ≈ ${(10_000 / rate).toFixed(0)} s); ${'notSettled' in r ? r.notSettled : 0} not settled`,
    });
  }
  return out;
}
