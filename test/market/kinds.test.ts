/**
 * The venue-kind registry (src/market/kinds.ts, src/network/schema/venue/kinds.ts): one entry per kind the network
 * schema accepts on both sides of the layer boundary, and the seam it keeps — no venue-kind name outside each kind's
 * own files and the two registries, so that a new kind touches its files, the registries and the schema only.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Venue } from '../../src/network/schema/venue.js';
import { VENUE_FACTS } from '../../src/network/schema/venue/kinds.js';
import { VENUE_KINDS, venueKind } from '../../src/market/kinds.js';
import { compileVenue } from '../../src/market/compile.js';
import { amountOut, apply, capacity, holding, holdings, marginalRate, spotPrice } from '../../src/market/venue.js';
import { inverseMarginal, inverseMarginalIn, topCurvature } from '../../src/market/kinds.js';
import { venueHoldings } from '../../src/network/venue-value.js';

/** Each kind's own files (its curves and state in src/market, its schema and facts in src/network/schema/venue). */
const KIND_FILES: Record<string, string[]> = {
  constantProduct: ['src/market/constant-product.ts', 'src/network/schema/venue/constant-product.ts'],
  concentrated: ['src/market/concentrated.ts', 'src/network/schema/venue/concentrated.ts'],
  stableswap: ['src/market/stableswap.ts', 'src/network/schema/venue/stableswap.ts'],
  orderBook: ['src/market/order-book.ts', 'src/market/order-book-state.ts', 'src/market/depth-curve.ts', 'src/market/sqrt-impact.ts', 'src/network/schema/venue/order-book.ts'],
};
/** Names that belong to one kind besides its own (the square-root model of a book; `depth` is also a policy's word). */
const ALSO_NAMED: Record<string, string[]> = { orderBook: ['sqrtImpact'] };
const REGISTRIES = ['src/market/kinds.ts', 'src/network/schema/venue/kinds.ts'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sourceFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Where code (comments left out) names `name`: as a string literal ('x', "x", `x`) or an object key (x:). */
function names(text: string, name: string): boolean {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
  return new RegExp(`(['"\`])${name}\\1|(^|[{,\\s])${name}\\s*:`, 'm').test(code);
}

const schemaKinds = Venue.options.map((o) => o.shape.kind.value).sort();

const ETH = { id: 'ETH', symbol: 'ETH', price: 2000, volatility: 0.6 };
const USDC = { id: 'USDC', symbol: 'USDC', price: 1 };
const EXAMPLES = Venue.array().parse([
  { id: 'cp', kind: 'constantProduct', coins: ['ETH', 'USDC'], reserves: [100, 200_000], fee: 0.003 },
  { id: 'v3', kind: 'concentrated', coins: ['ETH', 'USDC'], ranges: [{ lower: 1500, upper: 2500, liquidity: 5000 }], fee: 0.0005 },
  { id: 'ss', kind: 'stableswap', coins: ['USDC', 'ETH'], balances: [1e6, 500], A: 10, fee: 0.0004 },
  { id: 'ob', kind: 'orderBook', coins: ['ETH', 'USDC'], book: { model: 'sqrtImpact', dailyVolume: 1000 }, fee: 0.001 },
]);

describe('the venue-kind registry', () => {
  it('has exactly one entry per kind of the network schema, on the market side and on the network side', () => {
    expect(Object.keys(VENUE_KINDS).sort()).toEqual(schemaKinds);
    expect(Object.keys(VENUE_FACTS).sort()).toEqual(schemaKinds);
    expect(Object.keys(KIND_FILES).sort()).toEqual(schemaKinds);
    expect(EXAMPLES.map((v) => v.kind).sort()).toEqual(schemaKinds);
  });

  it("compiles every kind's venue into a state of that kind, holding what the network side says it holds", () => {
    for (const v of EXAMPLES) {
      const s = compileVenue(v, [ETH, USDC]);
      expect(s.kind).toBe(v.kind);
      // At the snapshot price both sides agree on x·y = k, v3 and StableSwap; a square-root book is its daily volume.
      const net = venueHoldings(v, new Map([['ETH', 2000], ['USDC', 1]]));
      holdings(s).forEach((x, k) => expect(x).toBeCloseTo(net[k]!, 6));
    }
  });

  it("dispatches every call of the venue interface to the kind's own rules", () => {
    for (const v of EXAMPLES) {
      const s = compileVenue(v, [ETH, USDC]);
      const rules = venueKind(s.kind);
      const dx = 0.01 * holdings(s)[0]!;
      expect(amountOut(s, 0, 1, dx)).toBe(rules.amountOut(s, 0, 1, dx));
      expect(marginalRate(s, 0, 1, dx)).toBe(rules.marginalRate(s, 0, 1, dx));
      expect(spotPrice(s, 1, 0)).toBe(rules.spotPrice(s, 1, 0));
      expect(capacity(s, 0, 1)).toBe(rules.capacity(s, 0, 1));
      expect(holding(s, 1)).toBe(rules.holding(s, 1));
      expect(topCurvature(s, 0)).toBe(rules.topCurvature(s, 0));
      expect(apply(s, 0, 1, dx)).toEqual(rules.apply(s, 0, 1, dx));
    }
  });

  it("inverseMarginalIn, the clearing's form (rate in io[3], hint in io[4], out in io[0..2]), gives each kind's inverseMarginal bit for bit", () => {
    for (const v of EXAMPLES) {
      const s = compileVenue(v, [ETH, USDC]);
      const rules = venueKind(s.kind);
      const top = marginalRate(s, 0, 1, 0);
      const dx = 0.01 * holdings(s)[0]!;
      // Hints that differ from the answer by a lot and a little: StableSwap's search starts from them.
      for (const share of [0.999, 0.9, 0.5])
        for (const hint of [0, dx, 10 * dx]) {
          const rate = share * top;
          const want = new Float64Array(3);
          rules.inverseMarginal(s, 0, 1, rate, want, hint);
          const io = new Float64Array([NaN, NaN, NaN, rate, hint]);
          inverseMarginalIn(s, 0, 1, io);
          const out = new Float64Array(3);
          inverseMarginal(s, 0, 1, rate, out, hint);
          for (let k = 0; k < 3; k++) {
            expect(Object.is(io[k], want[k]), `${s.kind} share ${share} hint ${hint} out[${k}]`).toBe(true);
            expect(Object.is(out[k], want[k]), `${s.kind} share ${share} hint ${hint} out[${k}]`).toBe(true);
          }
        }
    }
  });

  it('refuses a kind it does not know, naming the ones it knows', () => {
    expect(() => venueKind('curveCrypto')).toThrow(/venueKind: unknown venue kind "curveCrypto"; expected one of constantProduct, concentrated, stableswap, orderBook/);
    expect(() => venueKind('toString')).toThrow(/unknown venue kind "toString"/);
  });
});

describe('the seam the registry keeps', () => {
  it('no venue-kind name appears in src/ outside its own files and the two registries', () => {
    const offenders: string[] = [];
    for (const file of sourceFiles('src')) {
      if (REGISTRIES.includes(file)) continue;
      const text = readFileSync(file, 'utf8');
      for (const [kind, files] of Object.entries(KIND_FILES)) {
        if (files.includes(file)) continue;
        for (const name of [kind, ...(ALSO_NAMED[kind] ?? [])]) if (names(text, name)) offenders.push(`${file}: ${name}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('finds a name where code uses one (the check itself can fail), not in comments or prose', () => {
    expect(names("switch (v.kind) {\n  case 'stableswap':", 'stableswap')).toBe(true);
    expect(names('const field = { constantProduct: 1 };', 'constantProduct')).toBe(true);
    expect(names('if (b.model === "sqrtImpact") x = 1;', 'sqrtImpact')).toBe(true);
    expect(names('/** a stableswap pool */\nconst x = 1; // orderBook: a book', 'stableswap')).toBe(false);
    expect(names('// orderBook: a book', 'orderBook')).toBe(false);
    expect(names("export * as orderBook from './order-book.js';", 'orderBook')).toBe(false);
  });
});
