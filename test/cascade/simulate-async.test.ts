/**
 * `simulateCascadeAsync`: the exposure game's coalitions on worker threads (tinypool) give the bytes
 * `simulateCascade` gives, for 1, 2, 3 and 4 workers, exact and sampled, with the same progress total.
 */
import { describe, expect, it } from 'vitest';
import { parseNetwork, PLAIN_CONFIGURATION, simulateCascade, simulateCascadeAsync } from '../../src/index.js';
import { everyFamily, lender, sharedVenueJson } from './networks.js';

/** Shared-venue lenders A and B, a never-liquidated C, and an issuer: 3 players, 4 protocols. */
function network() {
  const json = sharedVenueJson();
  json.protocols.push(lender('C', [{ id: 'c1', eth: 100, usdc: 10_000 }]), { id: 'issuer', family: 'generic', version: 'issuer' });
  return parseNetwork(json);
}
const shock = { name: 'ETH −20%', shocks: { ETH: -0.2 } };

describe('simulateCascadeAsync', () => {
  it('exact Shapley: byte-identical to simulateCascade for 1, 2, 3 and 4 workers', async () => {
    const net = network();
    const sync = JSON.stringify(simulateCascade(net, shock, { gasCostUsd: 0 }));
    for (const workers of [1, 2, 3, 4]) expect(JSON.stringify(await simulateCascadeAsync(net, shock, { gasCostUsd: 0, workers }))).toBe(sync);
  });

  it('sampled Shapley (exactUpTo 1) and leave-one-out: byte-identical, standard errors included', async () => {
    const net = network();
    for (const options of [{ ...PLAIN_CONFIGURATION, exactUpTo: 1, shapleySamples: 12, seed: 3 }, { exposure: 'leaveOneOut' as const }]) {
      const sync = simulateCascade(net, shock, options);
      for (const workers of [1, 2, 3, 4]) expect(JSON.stringify(await simulateCascadeAsync(net, shock, { ...options, workers }))).toBe(JSON.stringify(sync));
    }
    const sampled = simulateCascade(net, shock, { exactUpTo: 1, shapleySamples: 12, seed: 3 }).exposure!;
    expect(sampled).toMatchObject({ method: 'shapley-sampled', samples: 12, seed: 3, players: ['A', 'B', 'C'] });
    expect(sampled.standardError!.liquidations).toHaveLength(4);
  });

  it('every family, generated positions and e-mode categories in the stores handed to the threads: byte-identical for 2 and 3 workers', async () => {
    const shocks = { name: 'ETH −30%, WBTC −20%', shocks: { ETH: -0.3, WBTC: -0.2 } };
    const options = { exposure: 'leaveOneOut' as const, maxRounds: 60 };
    // A network parsed for each call: a kernel compiled already (cached by network) builds no store to hand.
    const sync = JSON.stringify(simulateCascade(everyFamily(), shocks, options));
    for (const workers of [2, 3]) expect(JSON.stringify(await simulateCascadeAsync(everyFamily(), shocks, { ...options, workers }))).toBe(sync);
  });

  it('reports progress as simulateCascade does: the main run, then the 2³ coalitions as they get their values', async () => {
    const net = network();
    const calls: [number, number][] = [];
    const sync: [number, number][] = [];
    await simulateCascadeAsync(net, shock, { workers: 2, onProgress: (d, t) => calls.push([d, t]) });
    simulateCascade(net, shock, { onProgress: (d, t) => sync.push([d, t]) });
    expect(calls.at(-1)).toEqual([9, 9]);
    expect(sync.at(-1)).toEqual([9, 9]);
    expect(calls.every(([d, t], i) => t === 9 && d >= (calls[i - 1]?.[0] ?? 0))).toBe(true);
  });

  it('refuses a bad workers option, naming it', async () => {
    await expect(simulateCascadeAsync(network(), shock, { workers: 0 })).rejects.toThrow(/simulateCascadeAsync: option workers must be null or an integer >= 1, got 0/);
    await expect(simulateCascadeAsync(network(), shock, { exactUpTo: -1 })).rejects.toThrow(/simulateCascade: option exactUpTo/);
    // A function cannot be handed to a thread (review: the structured clone's DataCloneError came first): the option is named.
    await expect(simulateCascadeAsync(network(), shock, { workers: 2, onprogress: () => undefined } as never)).rejects.toThrow(/simulateCascade: option onprogress must be one of the known options/);
  });
});
