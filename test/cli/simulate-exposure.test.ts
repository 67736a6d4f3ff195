/**
 * `simulate` and the exposure game (issue #15 item 3): the command runs `simulateCascadeAsync` (worker threads),
 * whatever `--workers` gives the same output, the JSON's manifest records the method, and a sampled game prints its
 * standard errors.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from './harness.js';
import { parseNetwork, simulateCascade } from '../../src/index.js';
import { renderSimulation } from '../../src/cli/simulate.js';
import { lender, sharedVenueJson } from '../cascade/networks.js';

const NET = 'fixtures/examples/two-lenders-shared-eth.json';

describe('simulate: the exposure game', () => {
  it('prints the same for 1 and 2 worker threads; the manifest records method, players, exact, samples and seed', async () => {
    const one = await runCli(['simulate', NET, '--shock', 'ETH=-30%', '--workers', '1']);
    const two = await runCli(['simulate', NET, '--shock', 'ETH=-30%', '--workers', '2']);
    expect(one.code).toBe(0);
    expect(two.out).toBe(one.out);
    expect(one.out).toContain('Cross-protocol cascade exposure (shapley, 2 players, ');
    const json = await runCli(['simulate', NET, '--shock', 'ETH=-30%', '--json', '--rounds', 'none']);
    expect(JSON.parse(json.out).manifest.exposure).toEqual({ method: 'shapley', players: ['lender-a', 'lender-b'], exact: true, samples: null, seed: null });
    const none = await runCli(['simulate', NET, '--shock', 'ETH=-30%', '--json', '--rounds', 'none', '--exposure', 'none']);
    expect(JSON.parse(none.out).manifest.exposure).toBeNull();
  });

  it('refuses --workers outside 1 to 256', async () => {
    const r = await runCli(['simulate', NET, '--shock', 'ETH=-30%', '--workers', '0']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--workers/);
  });

  it('a sampled game prints its standard errors; an issuer is named as holding no book', () => {
    const json = sharedVenueJson();
    json.protocols.push(lender('C', [{ id: 'c1', eth: 100, usdc: 10_000 }]), { id: 'issuer', family: 'generic', version: 'issuer' });
    const r = simulateCascade(parseNetwork(json), { shocks: { ETH: -0.2 } }, { exactUpTo: 2, shapleySamples: 6, seed: 4 });
    const text = renderSimulation(r);
    expect(text).toContain('(shapley-sampled, 6 permutations, seed 4, 3 players; issuer holds no book: zero rows, ');
    expect(text).toContain('Standard errors of the sampled shares above');
    expect(r.manifest.exposure).toEqual({ method: 'shapley-sampled', players: ['A', 'B', 'C'], exact: false, samples: 6, seed: 4 });
  });
});
