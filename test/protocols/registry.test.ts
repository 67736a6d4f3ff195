/**
 * The protocol family registry (src/protocols/registry.ts): one entry per family the schema accepts, the loss
 * waterfalls of DESIGN §10 "Losses" as data, and the seams it keeps — no family named in src/cascade or src/market,
 * no import cycle in src/.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Protocol } from '../../src/network/schema/network.js';
import { FAMILIES, engineFor, familyRules } from '../../src/protocols/registry.js';

const SWITCHES = { liquityRecoveryMode: true, auctionResets: true, stabilityPoolSellShare: 0 };

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sourceFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Relative imports of a file, type-only ones and `import('…')` types included (they tie files as much). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from\s+|import\()\s*['"](\.[^'"]+)['"]/g)].map((m) => normalize(join(dirname(file), m[1]!)).replace(/\.js$/, '.ts'));
}

describe('the family registry', () => {
  it('has exactly one entry per family of the network schema, whose engine is of that family', () => {
    const schemaFamilies = Protocol.options.map((o) => o.shape.family.value).sort();
    expect(Object.keys(FAMILIES).sort()).toEqual(schemaFamilies);
    for (const f of schemaFamilies) expect(engineFor(f, SWITCHES).family).toBe(f);
  });

  it('makes each configuration\'s engine once: the same object for equal switches, another for each switch a family reads', () => {
    // Runs then share the engines' functions and their optimised code (docs/scale.md "Object shapes").
    const configurations = [true, false].flatMap((r) => [true, false].map((a) => ({ liquityRecoveryMode: r, auctionResets: a, stabilityPoolSellShare: 0 })));
    for (const f of Object.keys(FAMILIES) as (keyof typeof FAMILIES)[]) for (const s of configurations) expect(engineFor(f, s)).toBe(engineFor(f, { ...s }));
    expect(engineFor('maker', { ...SWITCHES, auctionResets: false })).not.toBe(engineFor('maker', SWITCHES));
    expect(engineFor('liquity', { ...SWITCHES, liquityRecoveryMode: false })).not.toBe(engineFor('liquity', SWITCHES));
    // A stability pool selling a share of its gains: that engine is made when asked for.
    const selling = { ...SWITCHES, stabilityPoolSellShare: 0.25 };
    expect(engineFor('liquity', selling)).not.toBe(engineFor('liquity', SWITCHES));
    expect(engineFor('liquity', selling).family).toBe('liquity');
  });

  it('states each family waterfall of DESIGN §10 Losses', () => {
    expect(familyRules('aave-v3').losses).toEqual({ reserves: 'network', owesLenders: true, backstop: 'none' });
    // Comet charges its reserves in the engine (they may go negative); a negative reserve is the lenders' loss.
    expect(familyRules('compound-v3').losses).toEqual({ reserves: 'engine', owesLenders: true, backstop: 'none' });
    // DAI and LUSD holders are made whole: MKR / the other troves bear what the reserves do not cover.
    expect(familyRules('maker').losses.backstop).toBe('beyond-reserves');
    expect(familyRules('liquity').losses.owesLenders).toBe(false);
    expect(familyRules('perp').losses.backstop).toBe('booked-bad-debt');
  });

  it('refuses a family it does not know, naming the ones it knows', () => {
    expect(() => familyRules('euler-v1' as never)).toThrow(/familyRules: unknown protocol family "euler-v1"; expected one of aave-v3, /);
    expect(() => familyRules('toString' as never)).toThrow(/unknown protocol family "toString"/);
  });
});

describe('the seams the registry keeps', () => {
  it('src/cascade and src/market name no protocol family', () => {
    const families = Object.keys(FAMILIES);
    const offenders: string[] = [];
    for (const file of [...sourceFiles('src/cascade'), ...sourceFiles('src/market')]) {
      const text = readFileSync(file, 'utf8');
      for (const f of families) if (text.includes(`'${f}'`) || text.includes(`"${f}"`)) offenders.push(`${file}: '${f}'`);
    }
    expect(offenders).toEqual([]);
  });

  it('src/ has no import cycle (type-only imports count)', () => {
    const graph = new Map(sourceFiles('src').map((f) => [normalize(f), importsOf(f)]));
    const state = new Map<string, 'open' | 'done'>();
    const cycles: string[] = [];
    const visit = (f: string, path: string[]) => {
      if (state.get(f) === 'done') return;
      if (state.get(f) === 'open') {
        cycles.push([...path.slice(path.indexOf(f)), f].join(' → '));
        return;
      }
      state.set(f, 'open');
      for (const d of graph.get(f) ?? []) if (graph.has(d)) visit(d, [...path, f]);
      state.set(f, 'done');
    };
    for (const f of graph.keys()) visit(f, []);
    expect(cycles).toEqual([]);
  });
});
