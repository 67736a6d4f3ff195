/**
 * A picture of the network (DESIGN §2 "structure, metrics and pictures"): protocols, assets and venues laid out by
 * ForceAtlas2 (Jacomy et al. 2014, PLoS ONE 9(6): e98679) through graphology-layout-forceatlas2, from initial
 * positions drawn by a seeded generator, a fixed number of iterations — the same network and seed give the same
 * bytes. Nodes are sized by value (USD on their edges), edges drawn by weight (USD at snapshot prices).
 */
import { UndirectedGraph } from 'graphology';
import fa2Module from 'graphology-layout-forceatlas2';
import type { Network } from '../network/schema/network.js';
import { buildGraph, type EdgeKind } from '../network/graph.js';
import { createRng } from '../util/random.js';
import { formatUsd } from '../util/money.js';

export const NETWORK_PICTURE_DEFAULTS = { seed: 1, iterations: 300, width: 900, height: 520 };

// A CommonJS package whose types declare an ES default: under NodeNext the default import is the function itself.
const forceAtlas2 = fa2Module as unknown as typeof fa2Module.default;

const NODE_COLOR = { protocol: '#1f5fa8', asset: '#d9822b', venue: '#3a8f5c' } as const;
const EDGE_COLOR: Record<EdgeKind, string> = { collateral: '#1f5fa8', debt: '#b23a48', liquidity: '#3a8f5c', holding: '#6b4fa0', peg: '#999999' };

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const n2 = (x: number) => x.toFixed(2);

interface Laid {
  key: string;
  kind: keyof typeof NODE_COLOR;
  label: string;
  value: number;
  /** No edge: placed in a row below the picture, not by the layout (repulsion alone would fling it to the edge). */
  isolated: boolean;
  x: number;
  y: number;
}

/** Node positions after ForceAtlas2 from seeded starting points; edges merged per pair and kind, USD summed. */
export function layoutNetwork(network: Network, options: Partial<typeof NETWORK_PICTURE_DEFAULTS> = {}) {
  const o = { ...NETWORK_PICTURE_DEFAULTS, ...options };
  if (!Number.isInteger(o.seed)) throw new Error(`layoutNetwork: option seed must be an integer, got ${o.seed}`);
  if (!(Number.isInteger(o.iterations) && o.iterations >= 1)) throw new Error(`layoutNetwork: option iterations must be an integer >= 1, got ${o.iterations}`);
  const g = buildGraph(network);
  const rng = createRng(o.seed);
  const layout = new UndirectedGraph<{ x: number; y: number }, { weight: number }>();
  g.forEachNode((key) => layout.addNode(key, { x: 100 * (rng.next() - 0.5), y: 100 * (rng.next() - 0.5) }));
  const edges = new Map<string, { source: string; target: string; kind: EdgeKind; usd: number }>();
  g.forEachEdge((_, a, source, target) => {
    if (source === target) return;
    const k = `${a.kind}|${source}|${target}`;
    const e = edges.get(k) ?? { source, target, kind: a.kind, usd: 0 };
    e.usd += a.weight;
    edges.set(k, e);
  });
  // ForceAtlas2 attracts by weight^influence: USD spans ten orders, so its logarithm, normalised, keeps the picture readable.
  const maxUsd = Math.max(1, ...[...edges.values()].map((e) => e.usd));
  for (const e of edges.values()) {
    const w = Math.log10(1 + e.usd) / Math.log10(1 + maxUsd);
    if (layout.hasEdge(e.source, e.target)) layout.updateEdgeAttribute(e.source, e.target, 'weight', (x) => (x ?? 0) + w);
    else layout.addEdge(e.source, e.target, { weight: w });
  }
  if (layout.order > 1) forceAtlas2.assign(layout, { iterations: o.iterations, getEdgeWeight: 'weight', settings: { ...forceAtlas2.inferSettings(layout), edgeWeightInfluence: 1, adjustSizes: false, barnesHutOptimize: false } });
  const value = new Map<string, number>();
  for (const e of edges.values()) for (const k of [e.source, e.target]) value.set(k, (value.get(k) ?? 0) + e.usd);
  const nodes: Laid[] = [];
  g.forEachNode((key, a) => nodes.push({ key, kind: a.kind, label: a.id, value: value.get(key) ?? 0, isolated: layout.degree(key) === 0, ...layout.getNodeAttributes(key) }));
  return { nodes, edges: [...edges.values()] };
}

/** The network as one SVG element (inline: no fonts, images or scripts loaded). */
export function networkSvg(network: Network, options: Partial<typeof NETWORK_PICTURE_DEFAULTS> = {}): string {
  const o = { ...NETWORK_PICTURE_DEFAULTS, ...options };
  const { nodes, edges } = layoutNetwork(network, o);
  const pad = 60;
  const isolated = nodes.filter((n) => n.isolated);
  const legendH = 28 + (isolated.length ? 36 : 0);
  const placed = nodes.filter((n) => !n.isolated);
  const xs = placed.map((n) => n.x);
  const ys = placed.map((n) => n.y);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const scale = Math.min((o.width - 2 * pad) / Math.max(x1 - x0, 1e-9), (o.height - 2 * pad - legendH) / Math.max(y1 - y0, 1e-9));
  const px = (x: number) => pad + (x - x0) * scale + (o.width - 2 * pad - (x1 - x0) * scale) / 2;
  const py = (y: number) => pad + (y - y0) * scale + (o.height - 2 * pad - legendH - (y1 - y0) * scale) / 2;
  const at = new Map(nodes.map((n) => [n.key, n]));
  // Isolated nodes in a row above the legend, in the network's order, in screen units.
  const row = new Map(isolated.map((n, k) => [n.key, { x: 24 + 110 * k, y: o.height - legendH + 4 }]));
  const sx = (n: Laid) => row.get(n.key)?.x ?? px(n.x);
  const sy = (n: Laid) => row.get(n.key)?.y ?? py(n.y);
  const maxV = Math.max(1, ...nodes.map((n) => n.value));
  const maxE = Math.max(1, ...edges.map((e) => e.usd));
  const radius = (v: number) => 5 + 20 * Math.sqrt(v / maxV);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="network-picture" width="${o.width}" height="${o.height}" viewBox="0 0 ${o.width} ${o.height}" role="img" aria-label="${esc(`The network ${network.meta.name}: ${nodes.length} nodes, ${edges.length} edges`)}">`,
    `<rect width="${o.width}" height="${o.height}" fill="white"/>`,
    '<g class="edges" fill="none" stroke-linecap="round">',
  ];
  // Heaviest edges last, on top; ties by key so the order is fixed.
  for (const e of [...edges].sort((a, b) => a.usd - b.usd || (a.kind + a.source + a.target < b.kind + b.source + b.target ? -1 : 1))) {
    const s = at.get(e.source)!;
    const t = at.get(e.target)!;
    out.push(`<line class="edge edge-${e.kind}" x1="${n2(sx(s))}" y1="${n2(sy(s))}" x2="${n2(sx(t))}" y2="${n2(sy(t))}" stroke="${EDGE_COLOR[e.kind]}" stroke-opacity="0.55" stroke-width="${n2(0.75 + 7 * Math.sqrt(e.usd / maxE))}"><title>${esc(`${e.kind}: ${s.label} – ${t.label}, ${formatUsd(e.usd)}`)}</title></line>`);
  }
  out.push('</g>', '<g class="nodes" font-family="sans-serif" font-size="11">');
  for (const n of [...nodes].sort((a, b) => b.value - a.value || (a.key < b.key ? -1 : 1))) {
    const r = radius(n.value);
    const [cx, cy] = [sx(n), sy(n)];
    const shape = n.kind === 'venue' ? `<rect x="${n2(cx - r)}" y="${n2(cy - r)}" width="${n2(2 * r)}" height="${n2(2 * r)}" rx="3"` : `<circle cx="${n2(cx)}" cy="${n2(cy)}" r="${n2(r)}"`;
    out.push(`<g class="node node-${n.kind}" data-id="${esc(n.label)}">${shape} fill="${NODE_COLOR[n.kind]}" fill-opacity="0.85" stroke="white" stroke-width="1.5"><title>${esc(`${n.kind} ${n.label}: ${formatUsd(n.value)} on its edges`)}</title>${n.kind === 'venue' ? '</rect>' : '</circle>'}<text x="${n2(cx)}" y="${n2(cy + r + 12)}" text-anchor="middle" fill="#222">${esc(n.label)}</text></g>`);
  }
  out.push('</g>');
  const legend = [...(['protocol', 'asset', 'venue'] as const).map((k) => ({ color: NODE_COLOR[k], label: k, dot: true })), ...(Object.keys(EDGE_COLOR) as EdgeKind[]).map((k) => ({ color: EDGE_COLOR[k], label: k, dot: false }))];
  out.push(`<g class="legend" font-family="sans-serif" font-size="11" transform="translate(12,${o.height - 14})">`);
  legend.forEach((l, i) => {
    const x = i * 88;
    out.push(l.dot ? `<circle cx="${x + 5}" cy="-4" r="5" fill="${l.color}"/>` : `<line x1="${x}" y1="-4" x2="${x + 12}" y2="-4" stroke="${l.color}" stroke-width="3"/>`, `<text x="${x + 16}" y="0" fill="#222">${l.label}</text>`);
  });
  out.push('</g>', '</svg>');
  return out.join('\n');
}
