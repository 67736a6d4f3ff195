/**
 * A run has one hidden class whether it starts or forks (round/shapes.ts; docs/scale.md "Object shapes"): the run, its
 * round contexts, flows, oracles, price history, quiet state and convergence test, made by `startRun` and by
 * `forkRun` — the fork in the interpreter and compiled by TurboFan, at round 0 and after rounds that wrote fractions
 * into the flows — and by `adoptRun` (a copy taken over) share V8's maps, so the round's functions see one map per
 * object wherever the run came from.
 */
import { describe, expect, it } from 'vitest';
import { prepare, runSpec } from '../../../src/cascade/coalition-run.js';
import { quietOptions } from '../../../src/cascade/options.js';
import { playRun, type Run } from '../../../src/cascade/run.js';
import { startRun } from '../../../src/cascade/round/state.js';
import { adoptRun, forkRun } from '../../../src/cascade/round/fork.js';
import { everyFamily } from '../networks.js';
import { optimised, sameShape } from '../../util/v8-shapes.js';

/** The objects of a run the round's functions read, by name. */
const parts = (r: Run): [string, object][] => [
  ['run', r],
  ['options', r.o],
  ['history', r.history],
  ['oracles', r.oracles],
  ['quiet', r.quiet],
  ['convergence', r.convergence],
  ...r.contexts.map((c, i): [string, object] => [`contexts[${i}]`, c]),
  ...r.flows.map((f, i): [string, object] => [`flows[${i}]`, f]),
];

const differing = (a: Run, b: Run) => parts(a).flatMap(([name, x], i) => (sameShape(x, parts(b)[i]![1]) ? [] : [name]));

describe('run shapes', () => {
  it('a fork (interpreted and optimised, at round 0 and at round 12) has the maps of a fresh run', () => {
    const p = prepare(everyFamily(), { shocks: { ETH: -0.3, wstETH: -0.3, WBTC: -0.3 } }, { maxRounds: 200 });
    const quiet = quietOptions(p.o);
    const spec = () => runSpec(p.k, p.s, p.ext, quiet, new Uint8Array(p.k.protocols.length).fill(1)).spec;
    let later: Run | undefined;
    const played = startRun(spec());
    playRun(played, (r) => (r.round === 12 ? (later = forkRun(r, r.spec)) : undefined));
    expect(later?.round).toBe(12);
    expect(later!.flows.some((f) => f.seizedUsd % 1 !== 0)).toBe(true);
    // Compared after a run has written fractions into the flows' number fields: V8 gives such a field's objects a new
    // map the first time (once per process), so a run started before that has the old one.
    const fresh = startRun(spec());
    const at0 = forkRun(startRun(spec()), spec());
    // forkRun itself compiled by TurboFan (a wrapper around it would be compiled instead: forkRun is too big to inline)
    const compiled = optimised(forkRun, startRun(spec()), spec());
    // A copy taken over (adoptRun), interpreted and optimised, at round 12.
    const adopted = adoptRun(forkRun(later!, later!.spec), spec());
    const adoptedCompiled = optimised(adoptRun, forkRun(later!, later!.spec), spec());
    for (const x of [at0, later!, compiled, played, adopted, adoptedCompiled]) expect(differing(fresh, x)).toEqual([]);
  });
});
