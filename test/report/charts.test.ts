import { describe, expect, it } from 'vitest';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { renderReport } from '../../src/report/render.js';
import { layoutNetwork } from '../../src/report/network-picture.js';
import { simulateCascade } from '../../src/cascade/simulate.js';
import { exampleRun } from './helpers.js';

/** The SVG of each `<figure data-chart=…>` of an HTML report. */
function figures(html: string): Map<string, string> {
  return new Map([...html.matchAll(/<figure class="chart" data-chart="(\w+)">\n([\s\S]*?)\n<figcaption>/g)].map((m) => [m[1]!, m[2]!]));
}

/** vega's aria-labels of the data marks (role graphics-symbol): `field: value; …` pairs. */
function marks(svg: string): Record<string, string>[] {
  return [...svg.matchAll(/aria-label="([^"]*)" role="graphics-symbol"/g)].map((m) => Object.fromEntries(m[1]!.split('; ').map((kv) => kv.split(': ') as [string, string])));
}

/** `$350k`, `$1.5M`, `$0` (d3-format's `$,.3~s`) → a number. */
function si(s: string): number {
  const m = /^\$(-?[\d.,]+)([kMGT]?)$/.exec(s);
  if (!m) throw new Error(`not an SI amount: ${s}`);
  return Number(m[1]!.replace(/,/g, '')) * { '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12 }[m[2] as '' | 'k']!;
}

describe('HTML report charts: vega-lite rendered to SVG in Node', async () => {
  const { network, result } = await exampleRun();
  const html = await renderReport(network, result, { format: 'html' });
  const svgs = figures(html);

  it('has the four charts, each a well-formed SVG document', () => {
    expect([...svgs.keys()].sort()).toEqual(['exposure', 'liquidations', 'network', 'prices']);
    for (const [id, svg] of svgs) {
      expect(XMLValidator.validate(svg), id).toBe(true);
      expect(Object.keys(new XMLParser().parse(svg))).toEqual(['svg']);
    }
  });

  it('prices: a market and an external series per asset that moved, starting at the shocked price', () => {
    const lines = marks(svgs.get('prices')!);
    const series = lines.filter((l) => 'asset' in l).map((l) => `${l.asset}/${l.price}`);
    // Only ETH moved (USDC is the dollar): ETH −30% → 1,400 / 2,000 = 0.7 of the snapshot at round 0.
    expect(series.sort()).toEqual(['ETH/external', 'ETH/market']);
    for (const l of lines.filter((x) => 'asset' in x)) expect(Number(l['price ÷ snapshot price'])).toBeCloseTo(0.7, 6);
  });

  it('liquidations: one bar per round and protocol, its height the round\'s seized USD (3 significant digits)', () => {
    const bars = marks(svgs.get('liquidations')!);
    const protocols = result.protocols.map((p) => p.protocol);
    expect(bars).toHaveLength(result.rounds.length * protocols.length);
    for (const b of bars) {
      const round = result.rounds.find((r) => r.round === Number(b['round (60 s each)']))!;
      const usd = round.liquidations.filter((l) => l.protocol === b.protocol).reduce((s, l) => s + l.seizedUsd, 0);
      const shown = si(b['collateral seized, USD']!);
      expect(Math.abs(shown - usd)).toBeLessThanOrEqual(Math.max(0.005 * usd, 1e-9));
    }
    expect(new Set(bars.map((b) => b.protocol))).toEqual(new Set(protocols));
  });

  it('exposure: the method under the title (exact Shapley on the run, leave-one-out when asked)', async () => {
    // Two protocols: 2² = 4 coalitions.
    expect(svgs.get('exposure')).toContain('>exact Shapley values over all 4 coalitions of the 2 protocols that hold a book</text>');
    const loo = await renderReport(network, simulateCascade(network, { shocks: { ETH: -0.3 } }, { exposure: 'leaveOneOut' }), { format: 'html', policies: null });
    expect(figures(loo).get('exposure')).toContain('>leave-one-out: v(all) − v(all without the row protocol)</text>');
  });

  it('exposure: one cell per cause and effect holding cascadeExposure[i][j]', () => {
    const e = result.exposure!;
    const cells = marks(svgs.get('exposure')!).filter((c) => 'USD' in c);
    expect(cells).toHaveLength(e.protocols.length ** 2);
    for (const c of cells) {
      const x = e.liquidations[e.protocols.indexOf(c['cause (whose sales)']!)]![e.protocols.indexOf(c['effect (whose liquidations)']!)]!;
      expect(Math.abs(si(c.USD!) - x)).toBeLessThanOrEqual(0.005 * x);
    }
  });

  it('the network picture: every protocol, asset and venue a node; the heaviest edge the widest', () => {
    const svg = svgs.get('network')!;
    const ids = [...svg.matchAll(/<g class="node node-(\w+)" data-id="([^"]+)"/g)].map((m) => `${m[1]}:${m[2]}`).sort();
    expect(ids).toEqual([...network.protocols.map((p) => `protocol:${p.id}`), ...network.assets.map((a) => `asset:${a.id}`), ...network.venues.map((v) => `venue:${v.id}`)].sort());
    const widths = [...svg.matchAll(/<line class="edge edge-(\w+)"[^>]*stroke-width="([\d.]+)"><title>([^<]*)<\/title>/g)].map((m) => ({ kind: m[1]!, width: Number(m[2]), title: m[3]! }));
    // Edges: ETH collateral of lender-a and lender-b, USDC debt of each, the pool's ETH and USDC: 6.
    expect(widths).toHaveLength(6);
    const widest = widths.reduce((a, b) => (b.width > a.width ? b : a));
    // The pool holds 5,000 ETH × $2,000 = $10,000,000 and 10,000,000 USDC: the largest weights, width 0.75 + 7.
    expect(widest.width).toBeCloseTo(7.75, 2);
    expect(widest.kind).toBe('liquidity');
  });

  it('the same input gives a byte-identical page; the layout depends on its seed and nothing else', async () => {
    expect(await renderReport(network, result, { format: 'html' })).toBe(html);
    const a = layoutNetwork(network, { seed: 1 });
    expect(layoutNetwork(network, { seed: 1 })).toEqual(a);
    expect(layoutNetwork(network, { seed: 2 }).nodes.map((n) => n.x)).not.toEqual(a.nodes.map((n) => n.x));
  });

  it('the page is self-contained: no script, no external reference, a policy that forbids requests', () => {
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\((?!#)/i);
    // Ids are unique on the page (a chart's gradient is its own).
    const ids = [...html.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
    // The only URLs are XML namespaces (not fetched).
    const urls = [...html.matchAll(/https?:\/\/[^"'\s)]+/g)].map((m) => m[0]);
    expect(new Set(urls)).toEqual(new Set(['http://www.w3.org/2000/svg', 'http://www.w3.org/1999/xlink']));
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`);
  });
});
