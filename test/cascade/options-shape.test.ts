/**
 * Options objects have one hidden class (cascade/options.ts `optionsRecord`; docs/scale.md "Object shapes"): the
 * options `resolveOptions` gives and the exposure game's coalition options (`quietOptions`) — built in the
 * interpreter or by optimised code — share V8's map, so the round's functions reading `run.o` are never deoptimised
 * when the game's coalitions start. Their contents are the merged options, field by field.
 */
import { describe, expect, it } from 'vitest';
import { CASCADE_DEFAULTS } from '../../src/index.js';
import { optionsRecord, quietOptions, resolveOptions } from '../../src/cascade/options.js';
import { optimised, sameShape } from '../util/v8-shapes.js';

describe('options shapes', () => {
  it('resolveOptions merges over the defaults, key for key; quietOptions turns off records, reserves and outcomes only', () => {
    const o = resolveOptions({ gasCostUsd: 40, sellers: ['aave'], recordReserves: true, horizonSeconds: undefined });
    expect(o).toEqual({ ...CASCADE_DEFAULTS, gasCostUsd: 40, sellers: ['aave'], recordReserves: true });
    expect(Object.keys(o)).toEqual(Object.keys(CASCADE_DEFAULTS));
    expect(quietOptions(o)).toEqual({ ...o, recordRounds: false, recordReserves: false, positionOutcomes: false });
    expect(optionsRecord(o)).toEqual(o);
    expect(optionsRecord(o)).not.toBe(o);
  });

  it('one map for resolved options and coalition options, from the interpreter and from TurboFan', () => {
    const o = resolveOptions({ seed: 3 });
    const fromInterpreter = quietOptions(o);
    // A spread here ({ ...o, recordRounds: false, … }) gives an object of another map once TurboFan compiles it.
    const fromOptimised = optimised((x: typeof o) => quietOptions(x), o);
    expect(sameShape(o, fromInterpreter)).toBe(true);
    expect(sameShape(o, fromOptimised)).toBe(true);
    expect(sameShape(o, resolveOptions({ exposure: 'none', sellers: ['x'] }))).toBe(true);
  });
});
