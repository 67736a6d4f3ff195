/**
 * Every shipped example and real fixture, shocked, conserves its seized collateral (DESIGN §10; issue #20): the
 * identity is checked from the result's own fields (test/cascade/conservation.ts), never from engine internals.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadNetwork, simulateCascade } from '../../src/index.js';
import { conservationGaps } from './conservation.js';

const dir = (rel: string) => fileURLToPath(new URL(rel, import.meta.url));
const files = [
  ...readdirSync(dir('../../fixtures/examples/')).filter((f) => f.endsWith('.json')).map((f) => dir(`../../fixtures/examples/${f}`)),
  ...readdirSync(dir('../../fixtures/')).filter((f) => f.endsWith('.json')).map((f) => dir(`../../fixtures/${f}`)),
];

describe('seized = sold + kept + protocol fee + held by absorbers + redistributed + gas compensation + returned, from the result', () => {
  it('finds the shipped examples and the real fixture', () => {
    expect(files.length).toBeGreaterThanOrEqual(4);
  });

  // ETH −30% (the shock), −20% (above the holding example's last ETH range, so that its liquidations sell) and
  // +30% (the Aave fixture's USDC-backed ETH loans: its e-mode loops move with ETH).
  for (const file of files) {
    it(`${file.split('/fixtures/')[1]} at ETH −30%, −20% and +30%`, async () => {
      const net = await loadNetwork(file);
      let seized = 0;
      for (const shock of [-0.3, -0.2, 0.3]) {
        const r = simulateCascade(net, { shocks: { ETH: shock } }, { exposure: 'none', maxRounds: 200 });
        seized += r.protocols.reduce((s, p) => s + p.seized.length, 0);
        expect(conservationGaps(r), `ETH ${shock}`).toEqual([]);
      }
      expect(seized).toBeGreaterThan(0); // every file liquidates something under one of the shocks
    }, 60_000);
  }
});
