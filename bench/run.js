// @ts-check
/**
 * Runs every bench/*.bench.js (or those whose name contains argv[2]) against the built package in dist/.
 * Each bench file's default export is an async function returning BenchResult[]; each result prints its
 * figure beside its target. Speed is measured here, never in timed tests.
 */
import { readdir } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

/**
 * @typedef {{ name: string, figure: number, unit: string, target: number | null, better: 'higher' | 'lower', note?: string }} BenchResult
 */

const here = dirname(fileURLToPath(import.meta.url));
const filter = process.argv[2] ?? '';
const files = (await readdir(here)).filter((f) => f.endsWith('.bench.js') && f.includes(filter)).sort();
let misses = 0;
for (const f of files) {
  /** @type {{ default: () => Promise<BenchResult[]> }} */
  const mod = await import(pathToFileURL(join(here, f)).href);
  for (const r of await mod.default()) {
    const fmt = (/** @type {number} */ x) => (Math.abs(x) >= 100 ? Math.round(x).toLocaleString('en-US') : x.toPrecision(3));
    // A figure without a target is a calibration of the machine, printed for reading the others.
    if (r.target === null) {
      console.log(`info    ${r.name}: ${fmt(r.figure)} ${r.unit}${r.note ? `  — ${r.note}` : ''}`);
      continue;
    }
    const ok = r.better === 'higher' ? r.figure >= r.target : r.figure <= r.target;
    if (!ok) misses++;
    console.log(`${ok ? 'meets ' : 'MISSES'}  ${r.name}: ${fmt(r.figure)} ${r.unit} (target ${r.better === 'higher' ? '>=' : '<='} ${fmt(r.target)} ${r.unit})${r.note ? `  — ${r.note}` : ''}`);
  }
}
console.log(`${files.length} bench file(s), ${misses} target(s) missed`);
