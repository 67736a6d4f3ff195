// @ts-check
/**
 * `npm run bundle`: the browser bundle of the package, built by esbuild from the compiled browser entry
 * (dist/browser.js; run `npm run build` first, as `npm run bundle` does). Two files in dist/browser/:
 *  - defi-contagion.js       an ES module (`import { parseNetwork, simulateCascade } from './defi-contagion.js'`);
 *  - defi-contagion.iife.js  a classic script that sets `globalThis.defiContagion` (a page opened from a file, where
 *                            module imports are refused, loads it with a plain <script>).
 * package.json's `browser` map swaps the file loader (dist/network/load.js) for its browser stub. The build fails if
 * anything still imports a Node built-in: platform 'browser' cannot resolve `node:` modules.
 */
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

/** The options both bundles share (test/package/browser-bundle.test.ts builds with them too). */
/** @type {import('esbuild').BuildOptions} */
export const BUNDLE_OPTIONS = {
  entryPoints: ['dist/browser.js'],
  bundle: true,
  platform: 'browser',
  target: 'es2022',
  legalComments: 'eof',
  logLevel: 'silent',
};

export const OUT_DIR = 'dist/browser';

/** Builds both bundles; returns their paths. */
export async function bundle() {
  const esm = `${OUT_DIR}/defi-contagion.js`;
  const iife = `${OUT_DIR}/defi-contagion.iife.js`;
  await build({ ...BUNDLE_OPTIONS, format: 'esm', outfile: esm });
  await build({ ...BUNDLE_OPTIONS, format: 'iife', globalName: 'defiContagion', outfile: iife });
  return { esm, iife };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = await bundle();
  process.stdout.write(`bundled ${out.esm} and ${out.iife}\n`);
}
