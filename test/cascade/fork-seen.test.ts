/**
 * The runs a family plays are remembered with their first offers (Prepared.seen), and a later family plans its copies
 * from them (coalition-forks.ts, fork-plan.ts): without the record the game silently falls back to copies at 64·2^k.
 */
import { describe, expect, it } from 'vitest';
import { loadNetwork } from '../../src/index.js';
import { coalitionRuns, prepare } from '../../src/cascade/coalition-run.js';
import { familyRuns } from '../../src/cascade/coalition-forks.js';

describe('the runs seen', () => {
  it('each run a family plays is recorded with its first offers, and a later family plans from them', async () => {
    const net = await loadNetwork('fixtures/ethereum-2025-10-01.json');
    const p = prepare(net, { shocks: { ETH: -0.3 } }, {});
    const s = Uint8Array.from(p.k.protocols, (_, i) => (i === 0 ? 1 : 0));
    const flipped = s.map((x, i) => (i === 3 ? 1 - x : x));
    const whole = coalitionRuns(prepare(net, { shocks: { ETH: -0.3 } }, {}), [s, flipped]);
    const sky = whole[0]!.firstOffer[3]!;
    // Protocol 3 (Sky) first offers late: a copy there spares every earlier round.
    expect(sky).toBeGreaterThan(64);
    expect(p.seen).toEqual([]);
    familyRuns(p, [s]);
    expect(p.seen.map((r) => [Array.from(r.sellers), Array.from(r.firstOffer)])).toEqual([[Array.from(s), Array.from(whole[0]!.firstOffer)]]);
    // No 64·2^k copy within reach: the flipped member starts at Sky's first offer only by the plan from what was seen.
    const at: number[] = [];
    familyRuns(p, [s, flipped], (x) => at.push(x), { firstSnapshot: 1 << 20 });
    expect(at).toEqual([0, sky]);
    expect(p.seen).toHaveLength(3);
  }, 120_000);
});
