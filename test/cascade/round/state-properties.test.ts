/**
 * The engines' states a run copies keep fast properties (docs/scale.md "Session 13: copies"): a state copied with
 * `copyWith` (`Object.assign({}, x, changes)`) gets dictionary properties, read by a hash lookup, once it has 20 or
 * more fields — the Aave-family lender markets (20 fields) had them in every run, and a liquidation index with three
 * more fields took the 12-protocol cascade's `candidates` ~1.5× its time. Every object reachable from a started and
 * from a forked run's engine states (not arrays or typed arrays; three levels deep) has fast properties, V8's
 * `%HasFastProperties`; fails with the lender markets copied by copyWith (checked).
 */
import { describe, expect, it } from 'vitest';
import { prepare, runSpec } from '../../../src/cascade/coalition-run.js';
import { quietOptions } from '../../../src/cascade/options.js';
import { playRun, type Run } from '../../../src/cascade/run.js';
import { startRun } from '../../../src/cascade/round/state.js';
import { forkRun } from '../../../src/cascade/round/fork.js';
import { BufferPool } from '../../../src/util/buffer-pool.js';
import { everyFamily } from '../networks.js';
import { fastProperties } from '../../util/v8-shapes.js';

/** Paths of the plain objects under `x` (depth ≤ `depth`) whose properties are a dictionary. */
function slowObjects(x: unknown, path: string, depth: number, seen: Set<object>, out: string[]): string[] {
  if (x === null || typeof x !== 'object' || ArrayBuffer.isView(x) || x instanceof Map || x instanceof Set || seen.has(x)) return out;
  seen.add(x);
  if (Array.isArray(x)) {
    x.slice(0, 4).forEach((y, i) => slowObjects(y, `${path}[${i}]`, depth, seen, out));
    return out;
  }
  if (!fastProperties(x)) out.push(`${path} (${Object.keys(x).length} fields)`);
  if (depth > 0) for (const [k, v] of Object.entries(x)) slowObjects(v, `${path}.${k}`, depth - 1, seen, out);
  return out;
}

describe('engine states', () => {
  it('started and forked through a lease, at round 0 and at round 12, have fast properties three levels deep', () => {
    const p = prepare(everyFamily(), { shocks: { ETH: -0.3, wstETH: -0.3, WBTC: -0.3 } }, { maxRounds: 200 });
    const spec = () => runSpec(p.k, p.s, p.ext, quietOptions(p.o), new Uint8Array(p.k.protocols.length).fill(1)).spec;
    const pool = new BufferPool();
    let later: Run | undefined;
    const played = startRun(spec(), pool.lease());
    playRun(played, (r) => (r.round === 12 ? (later = forkRun(r, r.spec, pool.lease())) : undefined));
    expect(later?.round).toBe(12);
    const fresh = startRun(spec(), pool.lease());
    const states = [fresh, later!, played].flatMap((r) => r.states);
    expect(states.length).toBeGreaterThan(6);
    // Each state walked on its own: an array's first elements only are (the Maker ilks and Liquity branches, past them, were missed).
    const seen = new Set<object>();
    expect(states.flatMap((st, i) => slowObjects(st, `states[${i}] (${String((st as { protocol?: unknown }).protocol)})`, 3, seen, []))).toEqual([]);
  });
});
