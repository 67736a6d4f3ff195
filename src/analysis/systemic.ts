/**
 * Systemic measures (DESIGN §2, §6, §10 Measures), from one cascade's cross-protocol exposure and the holdings:
 * - weighted PageRank, betweenness and eigenvector centrality (graphology-metrics) on the cause → effect graph — a
 *   simple projection, one edge per ordered pair: cascadeExposure[i][j] (i's sales → j's liquidations or bad debt,
 *   positive parts, i ≠ j) plus holdings issuer → holder (USD at snapshot). PageRank and eigenvector centrality read
 *   weights as strengths, on the reversed graph so that a score flows to causes; betweenness reads 1/weight as distance;
 * - DebtRank of each protocol on the holding graph (Battiston et al. 2012: the distress the others suffer when it
 *   defaults, h_i(1) = 1), with exposures = the USD value of the holder's holding of the issuer's tokens;
 * - Greenwood, Landier & Thesmar (2015, "Vulnerable banks", JFE 115(3)) in the cascade's terms: systemicness of i =
 *   row sum of cascadeExposure (bad debt) ÷ the system's equity; vulnerability of j = column sum ÷ j's own equity.
 */
import { DirectedGraph } from 'graphology';
import pagerankModule from 'graphology-metrics/centrality/pagerank.js';
import betweennessModule from 'graphology-metrics/centrality/betweenness.js';
import eigenvectorModule from 'graphology-metrics/centrality/eigenvector.js';
import type { Network } from '../network/schema/network.js';
import { simulateCascade } from '../cascade/simulate.js';
import type { CascadeOptions } from '../cascade/options.js';
import type { ScenarioInput } from '../cascade/scenario-schema.js';
import { manifest, type Manifest } from '../cascade/manifest.js';
import { priceMap } from '../network/venue-value.js';
import { debtRank } from './debt-rank.js';

// graphology-metrics is CommonJS with `export default` typings: under NodeNext the default import is module.exports.
const pagerank = pagerankModule as unknown as typeof pagerankModule.default;
const betweenness = betweennessModule as unknown as typeof betweennessModule.default;
const eigenvector = eigenvectorModule as unknown as typeof eigenvectorModule.default;

export interface SystemicOptions {
  /** Options of the cascade; its exposure must not be 'none'. */
  cascade: Partial<CascadeOptions>;
  /** Which cascadeExposure matrix weighs the centralities' edges. */
  matrix: 'liquidations' | 'badDebt';
}

export const SYSTEMIC_DEFAULTS: SystemicOptions = {
  cascade: { exposure: 'shapley', recordRounds: false },
  matrix: 'liquidations',
};

export interface ProtocolMeasures {
  protocol: string;
  equityUsd: number;
  pagerank: number;
  betweenness: number;
  /** null when the power iteration did not converge (see `eigenvector`). */
  eigenvector: number | null;
  /** DebtRank R when this protocol defaults; null when no protocol has equity. */
  debtRank: number | null;
  systemicness: number | null;
  /** null for a protocol without equity. */
  vulnerability: number | null;
}

export interface Ranking {
  measure: 'pagerank' | 'betweenness' | 'eigenvector' | 'debtRank' | 'systemicness' | 'vulnerability';
  /** What the measure ranks. */
  ranks: string;
  /** Protocols from the highest score down (protocols with a null score left out). */
  order: string[];
}

export interface SystemicResult {
  manifest: Manifest;
  matrix: 'liquidations' | 'badDebt';
  /** The cause → effect edges the centralities ran on, USD. */
  edges: { from: string; to: string; weightUsd: number; via: 'cascade' | 'holding' | 'both' }[];
  protocols: ProtocolMeasures[];
  rankings: Ranking[];
  /** How eigenvector centrality went: converged, or what stands in its place. */
  eigenvector: { converged: boolean; note: string };
  notes: string[];
}

const RANKS: Record<Ranking['measure'], string> = {
  pagerank: 'influence as a cause: PageRank on the reversed cause → effect graph (weights as strengths)',
  betweenness: 'brokerage: shortest cause → effect paths through the protocol (distance 1/weight)',
  eigenvector: 'influence as a cause: eigenvector centrality on the reversed cause → effect graph',
  debtRank: 'the distress the others suffer through holdings when the protocol defaults (DebtRank R)',
  systemicness: 'how much bad debt the protocol\'s sales cause, per dollar of system equity (GLT)',
  vulnerability: 'how much bad debt others\' sales cause the protocol, per dollar of its own equity (GLT)',
};

function fail(message: string): never {
  throw new Error(`systemicMeasures: ${message}`);
}

/**
 * Greenwood–Landier–Thesmar in the cascade's terms: systemicness_i = Σ_j badDebt[i][j] / Σ equity (null when the
 * system has no equity), vulnerability_j = Σ_i badDebt[i][j] / equity_j (null for a protocol without equity).
 */
export function gltMeasures(badDebt: readonly (readonly number[])[], equity: readonly number[]): { systemicness: (number | null)[]; vulnerability: (number | null)[] } {
  const total = equity.reduce((s, x) => s + x, 0);
  return {
    systemicness: badDebt.map((row) => (total > 0 ? row.reduce((s, x) => s + x, 0) / total : null)),
    vulnerability: equity.map((e, j) => (e > 0 ? badDebt.reduce((s, row) => s + row[j]!, 0) / e : null)),
  };
}

/** One cascade, then every systemic measure of its protocols and one ranking table. */
export function systemicMeasures(network: Network, scenario: ScenarioInput, options: Partial<SystemicOptions> = {}): SystemicResult {
  for (const k of Object.keys(options)) if (!(k in SYSTEMIC_DEFAULTS)) fail(`unknown option "${k}"; expected one of ${Object.keys(SYSTEMIC_DEFAULTS).join(', ')}`);
  const o = { ...SYSTEMIC_DEFAULTS, ...options, cascade: { ...SYSTEMIC_DEFAULTS.cascade, ...(options.cascade ?? {}) } };
  if (o.cascade.exposure === 'none') fail(`cascade.exposure must be 'shapley' or 'leaveOneOut': the measures read the cascade exposure`);
  if (o.matrix !== 'liquidations' && o.matrix !== 'badDebt') fail(`matrix must be 'liquidations' or 'badDebt', got ${JSON.stringify(o.matrix)}`);
  const r = simulateCascade(network, scenario, o.cascade);
  const ids = network.protocols.map((p) => p.id);
  const n = ids.length;
  const price = priceMap(network.assets);
  const equity = network.protocols.map((p) => p.reserves.reduce((s, x) => s + x.amount * (price.get(x.asset) ?? 1), 0));
  const badDebt = r.exposure?.badDebt ?? ids.map(() => ids.map(() => 0));
  const weights = r.exposure?.[o.matrix] ?? ids.map(() => ids.map(() => 0));

  // Holdings: exposures[holder][issuer] = USD value held (what the holder has lent to the issuer).
  const held = ids.map(() => new Array<number>(n).fill(0));
  const issuerOf = new Map(network.assets.flatMap((a) => (a.issuer ? [[a.id, ids.indexOf(a.issuer)] as const] : [])));
  for (const h of network.holdings) {
    const i = ids.indexOf(h.holder);
    const j = issuerOf.get(h.asset) ?? -1;
    if (i >= 0 && j >= 0 && i !== j) held[i]![j]! += h.amount * (price.get(h.asset) ?? 0);
  }

  const g = new DirectedGraph();
  const reversed = new DirectedGraph();
  for (const id of ids) (g.addNode(id), reversed.addNode(id));
  const edges: SystemicResult['edges'] = [];
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      const cascade = Math.max(0, weights[i]![j]!);
      const holding = held[j]![i]!; // issuer i → holder j
      const w = cascade + holding;
      if (!(w > 0)) continue;
      g.addEdge(ids[i]!, ids[j]!, { weight: w });
      reversed.addEdge(ids[j]!, ids[i]!, { weight: w });
      edges.push({ from: ids[i]!, to: ids[j]!, weightUsd: w, via: cascade > 0 && holding > 0 ? 'both' : cascade > 0 ? 'cascade' : 'holding' });
    }
  const pr = pagerank(reversed, { getEdgeWeight: 'weight' });
  const bc = betweenness(g, { getEdgeWeight: (_e: string, a: { weight?: number }) => 1 / a.weight! });
  let ev: Record<string, number> | null = null;
  let evNote = 'converged (power iteration of I + Aᵀ on the reversed graph, 100 iterations at most)';
  try {
    ev = eigenvector(reversed, { getEdgeWeight: 'weight' });
  } catch (e) {
    if (!(e instanceof Error && /failed to converge/.test(e.message))) throw e;
    evNote = 'did not converge within 100 iterations: eigenvector scores are null and PageRank (which always converges, damping 0.85) stands for influence';
  }

  const totalEquity = equity.reduce((s, x) => s + x, 0);
  const gl = gltMeasures(badDebt, equity);
  const dr = totalEquity > 0 ? ids.map((_, i) => debtRank(held, equity, ids.map((_, k) => (k === i ? 1 : 0))).debtRank) : null;
  const protocols: ProtocolMeasures[] = ids.map((id, i) => ({
    protocol: id,
    equityUsd: equity[i]!,
    pagerank: pr[id]!,
    betweenness: bc[id]!,
    eigenvector: ev ? ev[id]! : null,
    debtRank: dr ? dr[i]! : null,
    systemicness: gl.systemicness[i]!,
    vulnerability: gl.vulnerability[i]!,
  }));
  const rankings: Ranking[] = (Object.keys(RANKS) as Ranking['measure'][]).map((measure) => ({
    measure,
    ranks: RANKS[measure],
    order: protocols.filter((p) => p[measure] !== null).sort((a, b) => (b[measure] as number) - (a[measure] as number) || a.protocol.localeCompare(b.protocol)).map((p) => p.protocol),
  }));
  return {
    manifest: manifest(network, r.manifest.scenario, o, o.cascade.seed ?? 0, 'systemicMeasures'),
    matrix: o.matrix,
    edges,
    protocols,
    rankings,
    eigenvector: { converged: ev !== null, note: evNote },
    notes: [
      `cause → effect edges: cascadeExposure (${o.matrix}, ${r.exposure?.method ?? 'none'}; negative Shapley shares dropped) plus holdings issuer → holder`,
      'equity = reserves (treasury, safety module, surplus buffer, insurance fund) at snapshot prices; systemicness null when the system has none, vulnerability null for a protocol without',
    ],
  };
}
