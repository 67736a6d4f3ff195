import { describe, expect, it } from 'vitest';
import { gltMeasures, systemicMeasures } from '../../src/analysis/systemic.js';
import { PLAIN_CONFIGURATION } from '../../src/cascade/options.js';
import { parseNetwork } from '../../src/network/index.js';
import { lender, sharedVenueJson } from '../cascade/networks.js';

const plain = { ...PLAIN_CONFIGURATION, gasCostUsd: 0, lossContagion: false, recordRounds: false };

describe('systemicMeasures on two lenders sharing a pool, and a third holding B\'s tokens', () => {
  // ETH −20%: A's sale liquidates B (cascadeExposure.liquidations[A][B] = 91.2073 ETH · $2,000; test/cascade/simulate.test.ts).
  // C holds 50,000 of B's receipt token bUSDC: a holding edge B → C of $50,000. Equity: A $10,000, B $20,000, C $40,000.
  const json = sharedVenueJson();
  json.assets.push({ id: 'bUSDC', symbol: 'bUSDC', price: 1, issuer: 'B' });
  const reserve = (amount: number) => ({ reserves: [{ label: 'treasury', kind: 'treasury', asset: 'USDC', amount }] });
  Object.assign(json.protocols[0], reserve(10_000));
  Object.assign(json.protocols[1], reserve(20_000));
  json.protocols.push(lender('C', [], reserve(40_000)));
  json.holdings = [{ holder: 'C', asset: 'bUSDC', amount: 50_000 }];
  const r = systemicMeasures(parseNetwork(json), { shocks: { ETH: -0.2 } }, { cascade: plain });
  const m = Object.fromEntries(r.protocols.map((p) => [p.protocol, p]));
  const vB = 91.2072918011684 * 2000;

  it('builds the cause → effect graph: A → B through the cascade, B → C through the holding', () => {
    expect(r.edges).toHaveLength(2);
    expect(r.edges[0]).toMatchObject({ from: 'A', to: 'B', via: 'cascade' });
    expect(r.edges[0]!.weightUsd).toBeCloseTo(vB, 4);
    expect(r.edges[1]).toEqual({ from: 'B', to: 'C', weightUsd: 50_000, via: 'holding' });
  });

  it('betweenness: B lies on the one path A → C (count 1, normalised by (n − 1)(n − 2) = 2); A and C on none', () => {
    expect([m.A!.betweenness, m.B!.betweenness, m.C!.betweenness]).toEqual([0, 0.5, 0]);
  });

  it('PageRank on the reversed chain C → B → A (damping 0.85, dangling A spread evenly) ranks the cause first', () => {
    // p_C = 0.05 + 0.85·p_A/3; p_B = 0.05 + 0.85·(p_C + p_A/3); p_A = 0.05 + 0.85·(p_B + p_A/3); sum 1.
    // Solved by hand: p_C = 0.05 + 0.28333·p_A, p_B = 0.05 + 0.85·(0.05 + 0.61667·p_A) = 0.0925 + 0.52417·p_A,
    // p_A = 0.05 + 0.85·(0.0925 + 0.85750·p_A) = 0.128625 + 0.728875·p_A → p_A = 0.474412.
    const pA = 0.128625 / (1 - 0.728875);
    const pC = 0.05 + (0.85 * pA) / 3;
    expect(m.A!.pagerank).toBeCloseTo(pA, 5);
    expect(m.C!.pagerank).toBeCloseTo(pC, 5);
    expect(m.B!.pagerank).toBeCloseTo(0.05 + 0.85 * (pC + pA / 3), 5);
    expect(r.rankings.find((x) => x.measure === 'pagerank')!.order).toEqual(['A', 'B', 'C']);
    expect(r.rankings.find((x) => x.measure === 'betweenness')!.order[0]).toBe('B');
  });

  it('DebtRank through the holding: B\'s default costs C min(1, 50,000/40,000) = all its equity: R_B = 40,000/70,000', () => {
    expect(m.B!.debtRank).toBeCloseTo(40_000 / 70_000, 12);
    expect(m.A!.debtRank).toBe(0);
    expect(m.C!.debtRank).toBe(0);
    expect(r.rankings.find((x) => x.measure === 'debtRank')!.order[0]).toBe('B');
  });

  it('no bad debt here: systemicness and vulnerability are 0; eigenvector centrality converges', () => {
    expect(r.protocols.map((p) => p.systemicness)).toEqual([0, 0, 0]);
    expect(r.eigenvector.converged).toBe(true);
    expect(m.A!.eigenvector!).toBeGreaterThan(m.C!.eigenvector!);
  });

  it('refuses a cascade without exposure', () => {
    expect(() => systemicMeasures(parseNetwork(json), { shocks: { ETH: -0.2 } }, { cascade: { exposure: 'none' } })).toThrow(/systemicMeasures: cascade.exposure must be 'shapley' or 'leaveOneOut'/);
  });
});

describe('gltMeasures by hand', () => {
  it('row sums over system equity, column sums over own equity', () => {
    // bad debt caused: A → B 30, A → A 10, B → C 20; equity A 100, B 50, C 0 (system 150).
    const g = gltMeasures([[10, 30, 0], [0, 0, 20], [0, 0, 0]], [100, 50, 0]);
    expect(g.systemicness).toEqual([40 / 150, 20 / 150, 0]);
    expect(g.vulnerability).toEqual([10 / 100, 30 / 50, null]);
  });
});
