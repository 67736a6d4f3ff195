/**
 * Monotonicity in the shock on random networks (docs/model.md §7.1): each statement (1)–(4) on networks of its class,
 * and the same generator widened beyond each class, run with a fixed seed, must find a counterexample — so that the
 * generator is wide enough to see the causes docs/model.md names (test/cascade/monotonicity.test.ts pins them by hand).
 * Every run is the plain configuration with gas 0, loss contagion off and no interest, on ETH against USDC.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseNetwork, PLAIN_CONFIGURATION, simulateCascade, type CascadeResult } from '../../src/index.js';

type Family = 'aave-v3 3.0' | 'aave-v3 3.3' | 'generic 0.5' | 'generic 1' | 'morpho-blue' | 'compound-v3';
const ALL: Family[] = ['aave-v3 3.0', 'aave-v3 3.3', 'generic 0.5', 'generic 1', 'morpho-blue', 'compound-v3'];

interface Spec {
  protocols: { family: Family; positions: { eth: number; ltv: number }[] }[];
  /** Liquidation threshold (Morpho's LLTV, Comet's liquidateCollateralFactor) and bonus of every protocol. */
  lt: number;
  bonus: number;
  pools: { eth: number; fee: number; halfLife: number }[];
  oracle: 'market' | 'external';
  /** false: no protocol sells (`sellers: []`). */
  sellers: boolean;
  /** Comet's reserves and targetReserves (the store front is open while reserves < target). */
  cometReserves: number;
  cometTarget: number;
}

interface Widths {
  families?: Family[];
  maxProtocols?: number;
  maxPositions?: number;
  oracles?: Spec['oracle'][];
  sellers?: boolean[];
  fees?: number[];
  halfLives?: number[];
  /** Comet's targetReserves: 5,000,000 keeps the store front open all run; the widened generator draws it at random. */
  cometTargets?: fc.Arbitrary<number>;
}

const usdc = { id: 'USDC', symbol: 'USDC', price: 1, pegOf: { asset: 'USD', rate: 1 } };
const none = { model: 'none' };

function specArb(w: Widths = {}): fc.Arbitrary<Spec> {
  const position = fc.record({ eth: fc.double({ min: 0.5, max: 400, noNaN: true }), ltv: fc.double({ min: 0.3, max: 0.95, noNaN: true }) });
  return fc
    .record({
      protocols: fc.array(fc.record({ family: fc.constantFrom(...(w.families ?? ALL)), positions: fc.array(position, { minLength: 1, maxLength: w.maxPositions ?? 8 }) }), {
        minLength: 1,
        maxLength: w.maxProtocols ?? 3,
      }),
      lt: fc.double({ min: 0.7, max: 0.97, noNaN: true }),
      bonusShare: fc.double({ min: 0.05, max: 1, noNaN: true }),
      pools: fc.array(
        fc.record({ eth: fc.double({ min: 200, max: 20_000, noNaN: true }), fee: fc.constantFrom(...(w.fees ?? [0, 0.0005, 0.003])), halfLife: fc.constantFrom(...(w.halfLives ?? [0, 120, 600])) }),
        { minLength: 1, maxLength: 3 },
      ),
      oracle: fc.constantFrom(...(w.oracles ?? (['market', 'external'] as const))),
      sellers: fc.constantFrom(...(w.sellers ?? [true, false])),
      cometReserves: fc.double({ min: 0, max: 300_000, noNaN: true }),
      cometTarget: w.cometTargets ?? fc.constant(5_000_000),
    })
    // The bonus up to what LT × (1 + bonus) <= 1 allows (Aave's PoolConfigurator rule, applied to every family).
    .map(({ bonusShare, ...s }) => ({ ...s, bonus: Math.min(0.1, 1 / s.lt - 1) * bonusShare }));
}

function protocolJson(s: Spec, family: Family, id: string, positions: Spec['protocols'][number]['positions']) {
  const ps = positions.map((p, k) => ({ id: `${id}-${k}`, collateral: { ETH: p.eth }, debt: { USDC: Math.round(p.eth * 2000 * p.ltv * s.lt * 100) / 100 } }));
  const oracle = { kind: s.oracle, delaySeconds: 0, deviation: 0 };
  const borrowables = [{ asset: 'USDC', supply: 1e9, rateModel: none }];
  const [name, version] = family.split(' ');
  if (name === 'aave-v3')
    return { id, family: name, version, oracle, markets: [{ id: 'm', collaterals: [{ asset: 'ETH', ltv: s.lt - 0.03, liquidationThreshold: s.lt, liquidationBonus: s.bonus, liquidationProtocolFee: 0.1 }], borrowables, positions: ps }] };
  if (name === 'generic')
    return { id, family: name, version: 'aave-v2', oracle, markets: [{ id: 'm', closeFactor: Number(version), collaterals: [{ asset: 'ETH', liquidationThreshold: s.lt, liquidationBonus: s.bonus }], borrowables, positions: ps }] };
  if (name === 'morpho-blue') return { id, family: name, oracle, markets: [{ id: 'm', collaterals: [{ asset: 'ETH', lltv: s.lt }], borrowables, positions: ps }] };
  return {
    id,
    family: name,
    oracle,
    reserves: [{ label: 'reserves', kind: 'protocolReserves', asset: 'USDC', amount: s.cometReserves, market: 'm' }],
    markets: [
      {
        id: 'm',
        collaterals: [{ asset: 'ETH', borrowCollateralFactor: s.lt - 0.05, liquidateCollateralFactor: s.lt, liquidationFactor: 0.95 }],
        borrowables,
        storeFrontPriceFactor: 0.5,
        targetReserves: s.cometTarget,
        positions: ps,
      },
    ],
  };
}

function build(s: Spec) {
  return parseNetwork({
    schemaVersion: 1,
    meta: { name: 'random', snapshotDate: '2025-10-01', synthetic: true },
    assets: [{ id: 'ETH', symbol: 'ETH', price: 2000, volatility: 0.6 }, usdc],
    venues: s.pools.map((p, k) => ({ id: `pool${k}`, kind: 'constantProduct', coins: ['ETH', 'USDC'], reserves: [p.eth, p.eth * 2000], fee: p.fee, ...(p.halfLife ? { recoveryHalfLife: p.halfLife } : {}) })),
    protocols: s.protocols.map((p, k) => protocolJson(s, p.family, `p${k}`, p.positions)),
  });
}

interface Measures {
  Y: number[];
  B: number[];
  N: number[];
  /** Collateral tokens seized and positions liquidated in round 0, per protocol. */
  seized0: number[];
  count0: number[];
  low: number;
}

function measure(s: Spec, shock: number): Measures {
  const options = { ...PLAIN_CONFIGURATION, gasCostUsd: 0, lossContagion: false, exposure: 'none' as const, maxRounds: 300, ...(s.sellers ? {} : { sellers: [] }) };
  const r: CascadeResult = simulateCascade(build(s), { shocks: { ETH: -shock } }, options);
  const round0 = (p: string) => (r.rounds[0]?.liquidations ?? []).filter((l) => l.protocol === p && (l.kind === 'liquidation' || l.kind === 'absorb'));
  return {
    Y: r.protocols.map((p) => p.liquidatedCollateralSnapshotUsd),
    B: r.protocols.map((p) => p.badDebtBookedUsd),
    N: r.protocols.map((p) => p.netInsolventUsd),
    seized0: r.protocols.map((p) => round0(p.protocol).reduce((x, l) => x + l.seized, 0)),
    count0: r.protocols.map((p) => round0(p.protocol).reduce((x, l) => x + l.count, 0)),
    low: r.assets.find((a) => a.asset === 'ETH')!.lowestMarketPrice,
  };
}

/** Two shocks s < s′ on ETH. */
const shocksArb = fc.tuple(fc.double({ min: 0.02, max: 0.6, noNaN: true }), fc.double({ min: 0.005, max: 0.3, noNaN: true })).map(([s, d]) => [s, Math.min(0.95, s + d)] as const);

const notLess = (large: number, small: number) => large >= small * (1 - 1e-9) - 1e-6;
type Key = 'Y' | 'B' | 'N' | 'seized0' | 'count0';

/** The property "each of `keys` per protocol does not fall, and (with `low`) the lowest ETH price does not rise" on specs of `arb`. */
function monotone(arb: fc.Arbitrary<Spec>, keys: Key[], low: boolean, pre: (s: Spec) => boolean = () => true) {
  return fc.property(arb, shocksArb, (s, [small, large]) => {
    fc.pre(pre(s));
    const a = measure(s, small);
    const b = measure(s, large);
    for (const k of keys) a[k].forEach((x, i) => expect(notLess(b[k][i]!, x), `${k}[${i}]: ${x} at −${small}, ${b[k][i]} at −${large}`).toBe(true));
    if (low) expect(b.low <= a.low * (1 + 1e-9) + 1e-9, `lowest ETH price: ${a.low} at −${small}, ${b.low} at −${large}`).toBe(true);
  });
}

/** Outside a class the same property must fail: fast-check, from a fixed seed, finds a counterexample. */
function findsCounterexample(property: fc.IProperty<[Spec, readonly [number, number]]>, numRuns: number) {
  const out = fc.check(property, { seed: 14, numRuns, endOnFailure: true });
  expect(out.failed, 'the widened generator found no counterexample').toBe(true);
}

/** Aave 3.3's dust band is empty when LT·(1 + bonus) <= 0.95 (docs/model.md §7.1, the lemma). */
const dustFree = (s: Spec) => !s.protocols.some((p) => p.family === 'aave-v3 3.3') || s.lt * (1 + s.bonus) <= 0.95;

describe('monotonicity in the shock (docs/model.md §7.1) on random networks', () => {
  it('(1) round 0: the positions liquidated and the collateral seized never fall, for every oracle, venue and seller (Aave 3.3 outside its dust band)', () => {
    fc.assert(monotone(specArb(), ['seized0', 'count0'], false, dustFree), { numRuns: 300 });
  });

  it('(2) no feedback (external oracles, or nobody sells): collateral liquidated and booked bad debt never fall — 1,000 networks', () => {
    const noFeedback = specArb().map((s) => (s.oracle === 'external' || !s.sellers ? s : { ...s, sellers: false }));
    fc.assert(monotone(noFeedback, ['Y', 'B'], false), { numRuns: 1000 });
  });

  it('(3) Comets with their store fronts open, fee-free pools without recovery: collateral liquidated never falls, the lowest price never rises', () => {
    const comets = specArb({ families: ['compound-v3'], oracles: ['market'], sellers: [true], fees: [0], halfLives: [0] });
    fc.assert(monotone(comets, ['Y'], true), { numRuns: 300 });
  });

  it('(4) one position taken whole (generic with close factor 1, Morpho): collateral liquidated and booked bad debt never fall, the lowest price never rises', () => {
    const one = specArb({ families: ['generic 1', 'morpho-blue'], maxProtocols: 1, maxPositions: 1, oracles: ['market'], sellers: [true] });
    fc.assert(monotone(one, ['Y', 'B'], true), { numRuns: 300 });
  });
});

describe('monotonicity in the shock: the generator widened beyond each class finds the counterexamples', () => {
  it('(2) with market oracles and sellers: collateral liquidated or booked bad debt falls (liquidations brought forward, the close-factor step, the store-front guard)', () => {
    findsCounterexample(monotone(specArb({ oracles: ['market'], sellers: [true], cometTargets: fc.double({ min: 0, max: 300_000, noNaN: true }) }), ['Y', 'B'], false), 1000);
  });

  it('(2) with the insolvency at final market prices: it falls even without feedback', () => {
    findsCounterexample(monotone(specArb({ oracles: ['external'], sellers: [true] }), ['N'], false), 1000);
  });

  it('(3) with a lender that sells what the price says beside the Comets, or with the store front closed at random: collateral liquidated or the lowest price breaks', () => {
    const mixed = specArb({ families: ['compound-v3', 'generic 1'], oracles: ['market'], sellers: [true], fees: [0], halfLives: [0] });
    findsCounterexample(monotone(mixed, ['Y'], true), 1000);
  });

  it('(4) with two positions: the one-position statement breaks', () => {
    const two = specArb({ families: ['generic 1', 'morpho-blue'], maxProtocols: 1, oracles: ['market'], sellers: [true] });
    findsCounterexample(monotone(two, ['Y', 'B'], true), 1000);
  });
});
