/**
 * The browser entry (issue #18 part 4): esbuild bundles dist/browser.js for platform 'browser' with no Node
 * built-in, and the bundle runs the model where there is no `process`, no `require` and no file system (a vm
 * context holding only the language's globals and TextEncoder), with the same numbers as the Node build.
 */
import { readFileSync } from 'node:fs';
import vm from 'node:vm';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { BUNDLE_OPTIONS } from '../../scripts/bundle.js';
import * as node from '../../dist/index.js';

const fixture = (p: string) => JSON.parse(readFileSync(p, 'utf8')) as unknown;

let built: Promise<{ text: string; inputs: Record<string, { imports: { path: string }[] }> }> | undefined;

/** The classic-script bundle, built once for the file (in memory). */
function bundleText() {
  built ??= build({ ...BUNDLE_OPTIONS, format: 'iife', globalName: 'defiContagion', write: false, metafile: true }).then((r) => ({ text: r.outputFiles[0]!.text, inputs: r.metafile.inputs }));
  return built;
}

/** The bundle evaluated where only the language's own globals and TextEncoder exist: no process, require, Buffer or file system. */
async function loadInVm(): Promise<typeof node> {
  const { text } = await bundleText();
  const context = vm.createContext({ TextEncoder, console });
  vm.runInContext(`${text}\nglobalThis.defiContagion = defiContagion;`, context);
  expect(vm.runInContext('typeof process + typeof require + typeof Buffer', context)).toBe('undefinedundefinedundefined');
  return context.defiContagion as typeof node;
}

describe('the browser bundle', () => {
  it('has no Node built-in: esbuild resolves every import for the browser, the file loader is the stub', async () => {
    const { text, inputs } = await bundleText();
    const nodeImports = Object.entries(inputs).flatMap(([file, i]) => i.imports.filter((x) => x.path.startsWith('node:') || ['fs', 'path', 'crypto', 'module'].includes(x.path)).map((x) => `${file} → ${x.path}`));
    expect(nodeImports).toEqual([]);
    expect(text).not.toMatch(/\brequire\(["']node:|\bfrom ["']node:|\bimport\(["']node:/);
    expect(Object.keys(inputs)).toContain('dist/network/load.browser.js');
    expect(Object.keys(inputs)).not.toContain('dist/network/load.js');
  }, 60_000);

  it('runs parseNetwork and simulateCascade without Node, with the Node build\'s totals and manifest hash', async () => {
    const dc = await loadInVm();

    for (const file of ['fixtures/examples/two-lenders-shared-eth.json', 'fixtures/examples/holding-linked-protocols.json']) {
      const json = fixture(file);
      const scenario = { name: 'ETH -30%', shocks: { ETH: -0.3 } };
      const inBundle = dc.simulateCascade(dc.parseNetwork(json), scenario);
      const inNode = node.simulateCascade(node.parseNetwork(json), scenario);
      // vm objects come from another realm: compare as JSON
      expect(JSON.parse(JSON.stringify(inBundle.totals))).toEqual(inNode.totals);
      expect(inBundle.manifest.network.sha256).toBe(inNode.manifest.network.sha256);
      expect(inBundle.manifest.package).toBe(inNode.manifest.package);
    }
  }, 60_000);

  it('runs simulateCascadeAsync in-process (no worker threads): the bytes of Node\'s simulateCascade', async () => {
    const dc = await loadInVm();
    const json = fixture('fixtures/examples/two-lenders-shared-eth.json');
    const scenario = { name: 'ETH -30%', shocks: { ETH: -0.3 } };
    const inBundle = await dc.simulateCascadeAsync(dc.parseNetwork(json), scenario, { workers: 2 });
    expect(JSON.stringify(inBundle)).toBe(JSON.stringify(node.simulateCascade(node.parseNetwork(json), scenario)));
    expect(inBundle.exposure!.method).toBe('shapley');
  }, 60_000);

  it('clearingVector with default costs uses the bundled mathjs (lusolve), as in Node', async () => {
    const dc = await loadInVm();
    // A owes B 8 and S 2; B owes C 5 and A 5; C owes S 4 (test/cascade/clearing-vector.test.ts); A, C start short.
    const L = [
      [0, 8, 0, 2],
      [5, 0, 5, 0],
      [0, 0, 0, 4],
      [0, 0, 0, 0],
    ];
    const e = [1, 1, 0.5, 0];
    const inBundle = dc.clearingVector(L, e, { alpha: 0.5, beta: 0.9 });
    const inNode = node.clearingVector(L, e, { alpha: 0.5, beta: 0.9 });
    expect(JSON.parse(JSON.stringify(inBundle))).toEqual(JSON.parse(JSON.stringify(inNode)));
    expect(inNode.defaulted.length).toBeGreaterThan(0);
  }, 60_000);

  it('loadNetwork in the bundle refuses with the way out', async () => {
    const dc = await loadInVm();
    await expect(dc.loadNetwork('fixtures/examples/two-lenders-shared-eth.json')).rejects.toThrow('loadNetwork("fixtures/examples/two-lenders-shared-eth.json") reads files, which a browser cannot; fetch the JSON and call parseNetwork(json)');
  }, 60_000);
});
