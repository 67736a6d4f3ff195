/// <reference lib="dom" />
/**
 * The HTML report in a real browser: Debian's chromium driven by playwright-core opens the report of the real
 * fixture, finds every chart and table, sees no console error and no request beyond the file itself, and writes a
 * screenshot to .artifacts/ (`npm run screenshot` copies it into docs/); the report of the two-lender example with the
 * systemic, critical-shock and Monte Carlo sections opens with their charts and no console error; then the package's browser bundle (esbuild, as
 * `npm run bundle` builds it) runs `parseNetwork` and `simulateCascade` on the fixture in a page, with Node's totals. Chromium must be installed (.ci/run installs
 * it); DEFI_CONTAGION_SKIP_BROWSER=1 skips this file — and says so on stderr.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';
import { BUNDLE_OPTIONS } from '../../scripts/bundle.js';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { renderReport } from '../../src/report/render.js';
import { loadNetwork } from '../../src/network/load.js';
import { simulateCascade } from '../../src/cascade/simulate.js';
import { BUNDLE_FIXTURE, exampleRun, REAL_FIXTURE, realRun } from './helpers.js';

export const CHROMIUM = process.env.DEFI_CONTAGION_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
export const ARTIFACTS = resolve('.artifacts');
const SKIP = process.env.DEFI_CONTAGION_SKIP_BROWSER === '1';

if (SKIP) process.stderr.write('\n*** DEFI_CONTAGION_SKIP_BROWSER=1: the real-browser test of the HTML report is SKIPPED — the report was NOT opened in chromium ***\n\n');

/** A page that collects console errors (and warnings, unless `warnings` is false), page errors and requests. */
async function watchedPage(browser: Browser, options: Parameters<Browser['newPage']>[0] = {}, warnings = true) {
  const page = await browser.newPage(options);
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || (warnings && m.type() === 'warning')) errors.push(warnings ? `${m.type()}: ${m.text()}` : m.text());
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('request', (r) => requests.push(r.url()));
  return { page, errors, requests };
}

/** Every chart of the page: its id, drawn size, whether its SVG parses, and how many `marks` it holds. */
function chartsOf(page: Page, marks: string) {
  return page.$$eval(
    'figure.chart',
    (figs, sel) =>
      figs.map((f) => {
        const svg = f.querySelector('svg')!;
        const box = svg.getBoundingClientRect();
        const parsed = new DOMParser().parseFromString(new XMLSerializer().serializeToString(svg), 'image/svg+xml');
        return { id: f.getAttribute('data-chart'), width: box.width, height: box.height, parses: !parsed.querySelector('parsererror'), marks: svg.querySelectorAll(sel).length };
      }),
    marks,
  );
}

describe.runIf(!SKIP)(`the HTML report of ${REAL_FIXTURE} in chromium`, () => {
  let browser: Browser;
  let html: string;
  const file = resolve(ARTIFACTS, 'report.html');

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`chromium not found at ${CHROMIUM}: install it (apt-get install -y chromium; .ci/run does) or set DEFI_CONTAGION_SKIP_BROWSER=1 to skip this test`);
    const { network, result } = await realRun();
    html = await renderReport(network, result, { format: 'html' });
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(file, html);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('opens with every chart and table drawn, no console error, no request, and leaves a screenshot', async () => {
    const { page, errors, requests } = await watchedPage(browser, { viewport: { width: 1280, height: 900 } });
    const url = pathToFileURL(file).href;
    await page.goto(url, { waitUntil: 'load' });

    const charts = await chartsOf(page, '[role="graphics-symbol"], g.node');
    expect(charts.map((c) => c.id)).toEqual(['network', 'prices', 'liquidations', 'exposure']);
    for (const c of charts) {
      expect(c.parses, c.id!).toBe(true);
      expect(c.width, c.id!).toBeGreaterThan(100);
      expect(c.height, c.id!).toBeGreaterThan(100);
      expect(c.marks, c.id!).toBeGreaterThan(0);
    }
    const tables = await page.$$eval('table', (ts) => ts.map((t) => ({ id: t.getAttribute('data-table'), rows: t.querySelectorAll('tbody tr').length, height: t.getBoundingClientRect().height })));
    expect(tables.length).toBe((html.match(/<table /g) ?? []).length);
    expect(tables.length).toBeGreaterThanOrEqual(8);
    for (const t of tables) {
      expect(t.rows, t.id!).toBeGreaterThan(0);
      expect(t.height, t.id!).toBeGreaterThan(0);
    }
    // The sections a reader looks for, in order.
    expect(await page.$$eval('section h2', (hs) => hs.map((h) => h.textContent))).toEqual(['The network at a glance', 'The scenario', 'What happened, round by round', 'Per protocol', 'Cross-protocol exposure', 'What would have stopped it', 'Assumptions', 'Sources']);
    expect(errors).toEqual([]);
    expect(requests).toEqual([url]);
    await page.screenshot({ path: resolve(ARTIFACTS, 'report.png') });
    expect(existsSync(resolve(ARTIFACTS, 'report.png'))).toBe(true);
    await page.close();
  });
  it('the analyses asked for: the systemic, critical-shock and Monte Carlo sections with their charts, no console error', async () => {
    // The two-lender example keeps it fast: 40 paths over 7 days (a few lose money, so the histogram has bars).
    const { network, result } = await exampleRun();
    const { page, errors, requests } = await watchedPage(browser, { viewport: { width: 1280, height: 900 } });
    const analyses = resolve(ARTIFACTS, 'report-analyses.html');
    writeFileSync(analyses, await renderReport(network, result, { format: 'html', systemic: {}, critical: [{ asset: 'ETH', criterion: { kind: 'badDebt' } }], monteCarlo: { paths: 40, horizon: '7d', seed: 3, bootstrap: { resamples: 100, seed: 1, level: 0.95 } } }));
    const url = pathToFileURL(analyses).href;
    await page.goto(url, { waitUntil: 'load' });
    const charts = await chartsOf(page, '[role="graphics-symbol"]');
    expect(charts.map((c) => c.id)).toEqual(['network', 'prices', 'liquidations', 'exposure', 'critical', 'lossDistribution']);
    for (const c of charts.filter((x) => x.id === 'critical' || x.id === 'lossDistribution')) {
      expect(c.parses, c.id!).toBe(true);
      expect(c.width, c.id!).toBeGreaterThan(100);
      expect(c.height, c.id!).toBeGreaterThan(100);
      expect(c.marks, c.id!).toBeGreaterThan(0);
    }
    const sections = await page.$$eval('section', (ss) => ss.map((x) => ({ id: x.id, tables: x.querySelectorAll('table tbody tr').length })));
    for (const id of ['systemic', 'critical', 'montecarlo']) expect(sections.find((x) => x.id === id)?.tables, id).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    expect(requests).toEqual([url]);
    await page.close();
  });
  it('runs the browser bundle in a page: parseNetwork and simulateCascade on the fixture give Node\'s totals', async () => {
    const { text } = (await build({ ...BUNDLE_OPTIONS, format: 'iife', globalName: 'defiContagion', write: false })).outputFiles[0]!;
    const { page, errors, requests } = await watchedPage(browser, {}, false);
    await page.addScriptTag({ content: text });
    // The Aave July fixture: its run is the same to the last bit in chromium's V8 and Node 20's. The Ethereum fixture's
    // 337 rounds of partial liquidations carry last-place differences of the engines' Math.pow / Math.exp (chromium's
    // V8 is newer) to ~1e-6 of its totals and ±1 liquidation between protocols, which would hide a real difference.
    const json = JSON.parse(readFileSync(BUNDLE_FIXTURE, 'utf8')) as unknown;
    const inPage = await page.evaluate((input) => {
      const dc = (globalThis as unknown as { defiContagion: typeof import('../../src/index.js') }).defiContagion;
      const r = dc.simulateCascade(dc.parseNetwork(input), { shocks: { ETH: 0.3 } });
      return { totals: r.totals, roundCount: r.roundCount, protocols: r.protocols.map((p) => [p.protocol, p.liquidations, p.liquidatedCollateralUsd, p.badDebtBookedUsd]), sha256: r.manifest.network.sha256 };
    }, json);
    const result = simulateCascade(await loadNetwork(BUNDLE_FIXTURE), { shocks: { ETH: 0.3 } });
    expect(inPage.roundCount).toBe(result.roundCount);
    expect(inPage.sha256).toBe(result.manifest.network.sha256);
    expect(inPage.totals.liquidations).toBe(result.totals.liquidations);
    expect(inPage.totals.liquidations).toBeGreaterThan(1000);
    for (const k of Object.keys(result.totals) as (keyof typeof result.totals)[]) expect(inPage.totals[k], k).toBeCloseTo(result.totals[k], 6);
    expect(inPage.protocols).toEqual(result.protocols.map((p) => [p.protocol, p.liquidations, expect.closeTo(p.liquidatedCollateralUsd, 6), expect.closeTo(p.badDebtBookedUsd, 6)]));
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  });
});
