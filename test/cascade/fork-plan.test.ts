/**
 * Where a family's run plans its copies (fork-plan.ts; docs/model.md "Runs that share their start"): per later member,
 * the earliest first offer, in the seen runs nearest to the run's coalition, of a protocol on which the member differs.
 * Worked by hand below; that a planned copy is used only where valid, and lands exactly on the first offer, is checked
 * on runs in coalition-forks.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { plannedRounds, predictedFirstOffers, type SeenRun } from '../../src/cascade/fork-plan.js';

const seen = (sellers: number[], firstOffer: number[]): SeenRun => ({ sellers: Uint8Array.from(sellers), firstOffer: Int32Array.from(firstOffer) });
const mask = (xs: number[]) => Uint8Array.from(xs);

describe('predicted first offers', () => {
  it('are those of the nearest seen run (fewest protocols flipped), the earliest among equally near ones', () => {
    const runs = [
      // 1100: distance 1 from 1101.
      seen([1, 1, 0, 0], [0, 5, 9, -1]),
      // 0101: distance 1 too; protocol 1 first offers earlier here (4 < 5), protocol 2 never (9 stands).
      seen([0, 1, 0, 1], [0, 4, -1, 30]),
      // 1101 flipped on every protocol: distance 4, not read (its round 1 for protocol 2 would otherwise win).
      seen([0, 0, 1, 0], [1, 1, 1, 1]),
    ];
    expect(Array.from(predictedFirstOffers(runs, mask([1, 1, 0, 1])))).toEqual([0, 4, 9, 30]);
    // The run of the coalition itself (distance 0) is all that is read.
    expect(Array.from(predictedFirstOffers(runs, mask([0, 0, 1, 0])))).toEqual([1, 1, 1, 1]);
    // Nothing seen: nothing predicted.
    expect(Array.from(predictedFirstOffers([], mask([1, 0])))).toEqual([-1, -1]);
  });
});

describe('planned rounds', () => {
  it('per later member, the earliest predicted first offer among the protocols it differs on; none at 0 or never', () => {
    const runs = [seen([1, 1, 0, 0], [0, 5, 9, -1])];
    const sellers = mask([1, 1, 0, 0]);
    const rest = [
      mask([1, 1, 1, 0]), // differs on protocol 2, first offer 9: copy at the start of round 9
      mask([1, 0, 1, 0]), // on 1 and 2: the earlier, 5
      mask([0, 1, 0, 0]), // on 0, first offer at round 0: they share nothing, no copy
      mask([1, 1, 0, 1]), // on 3, which never offered: no guess, no copy
      mask([1, 1, 0, 0]), // the same coalition: nothing differs, no copy
    ];
    expect([...plannedRounds(runs, sellers, rest)].sort((a, b) => a - b)).toEqual([5, 9]);
    expect(plannedRounds([], sellers, rest).size).toBe(0);
    expect(plannedRounds(runs, sellers, []).size).toBe(0);
  });
});
