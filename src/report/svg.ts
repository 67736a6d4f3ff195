/**
 * vega-lite → vega → SVG in Node through vega's headless View (`renderer: 'none'`, `toSVG()`): no browser and no
 * canvas; text is measured by vega's character estimate, so the same spec gives the same bytes on every machine.
 */
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/**
 * Ids made local to one chart: vega numbers gradients and clips from a counter global to the process, so the same
 * chart would get other ids on a second render, and two charts of one page could share one. Renamed in order of
 * appearance, `prefix-1`, `prefix-2`, … with every `url(#…)` and `href="#…"` that points at them.
 */
export function scopeIds(svg: string, prefix: string): string {
  const ids = new Map<string, string>();
  for (const m of svg.matchAll(/\bid="([^"]+)"/g)) if (!ids.has(m[1]!)) ids.set(m[1]!, `${prefix}-${ids.size + 1}`);
  return svg
    .replace(/\bid="([^"]+)"/g, (_, id: string) => `id="${ids.get(id)}"`)
    .replace(/url\(#([^)]+)\)/g, (m, id: string) => (ids.has(id) ? `url(#${ids.get(id)})` : m))
    .replace(/href="#([^"]+)"/g, (m, id: string) => (ids.has(id) ? `href="#${ids.get(id)}"` : m));
}

/** The SVG of a vega-lite specification (the spec's data inline: nothing is loaded); its ids start with `idPrefix`. */
export async function renderSvg(spec: TopLevelSpec, idPrefix: string): Promise<string> {
  const runtime = vega.parse(compile(spec).spec);
  // A loader that refuses every load: a report never reaches outside its own data.
  const loader = vega.loader();
  loader.load = async (uri: string) => {
    throw new Error(`renderSvg: the chart asked to load "${uri}"; a report's charts carry their data inline`);
  };
  const view = new vega.View(runtime, { renderer: 'none', loader });
  try {
    return scopeIds(await view.toSVG(), idPrefix);
  } finally {
    view.finalize();
  }
}
