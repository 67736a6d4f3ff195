/**
 * hasSettled keeps what held its round from settling as facts (unsettled.ts), put into words only for the result's
 * `notSettled`: a run stopped by maxRounds while forced sales go on reports its last round's facts and markets, and a
 * fork of it, playing no further round, reports the same (its own copy of the facts).
 */
import { describe, expect, it } from 'vitest';
import { parseNetwork, simulateCascade } from '../../../src/index.js';
import { prepare, runSpec } from '../../../src/cascade/coalition-run.js';
import { playRun } from '../../../src/cascade/run.js';
import { startRun, runOutcome } from '../../../src/cascade/round/state.js';
import { forkRun } from '../../../src/cascade/round/fork.js';
import { sharedVenueJson } from '../networks.js';

/** ETH −20% and 300 ETH sold over 600 s (ten rounds) into the two lenders' one pool. */
const scenario = { shocks: { ETH: -0.2 }, events: [{ type: 'forcedSales' as const, asset: 'ETH', amount: 300, receive: 'USDC', over: 600 }] };

describe('hasSettled', () => {
  it('leaves the last round’s facts for notSettled: what is pending, and the markets that liquidated in it only', () => {
    const net = parseNetwork(sharedVenueJson());
    const at = (maxRounds: number) => simulateCascade(net, scenario, { exposure: 'none', maxRounds }).notSettled;
    const pending = ['scheduled scenario inputs', 'forced sales'];
    expect(at(1)).toMatchObject({ round: 0, liquidating: ['A/main'], pending });
    expect(at(2)).toMatchObject({ round: 1, liquidating: ['A/main'], pending });
    // A liquidated in rounds 0 and 1, B in round 2 only: the markets are the last round's.
    expect(at(3)).toMatchObject({ round: 2, liquidating: ['B/main'], pending });
  });

  it('a fork of a run stopped unsettled reports what the run reports', () => {
    const p = prepare(parseNetwork(sharedVenueJson()), scenario, { exposure: 'none', maxRounds: 3, recordRounds: false });
    const { spec } = runSpec(p.k, p.s, p.ext, p.o, new Uint8Array(p.k.protocols.length).fill(1));
    const run = startRun(spec);
    const whole = playRun(run).notSettled;
    expect(whole).toMatchObject({ round: 2, liquidating: ['B/main'], pending: ['scheduled scenario inputs', 'forced sales'] });
    expect(runOutcome(forkRun(run, spec)).notSettled).toEqual(whole);
  });
});
