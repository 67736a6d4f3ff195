import { describe, expect, it } from 'vitest';
import { summarizeRound } from '../../src/cascade/round-summary.js';
import type { RoundRecord } from '../../src/cascade/record.js';
import { parseNetwork, simulateCascade } from '../../src/index.js';
import net from '../../fixtures/examples/two-lenders-shared-eth.json' with { type: 'json' };

const row = (protocol: string, count: number, repaidUsd: number, seizedUsd: number) => ({
  protocol, market: 'm', kind: 'liquidation', collateral: 'ETH', debt: 'USDC', count, repaid: repaidUsd, repaidUsd, seized: seizedUsd / 1400, seizedUsd, paid: repaidUsd, taken: seizedUsd / 1400, bonusUsd: seizedUsd - repaidUsd, sold: 0, badDebt: protocol === 'b' ? 7 : 0,
});

describe('summarizeRound', () => {
  it('adds the per-pair rows of each protocol and drops trades, rates and unwinds', () => {
    const record: RoundRecord = {
      round: 3,
      t: 180,
      external: { ETH: 1400 },
      market: { ETH: 1390 },
      liquidations: [row('a', 2, 1000, 1100), row('b', 1, 50, 55), row('a', 3, 500, 560)],
      trades: [{ venue: 'v', sold: 'ETH', bought: 'USDC', amountIn: 1, amountOut: 1390, marginalRateBefore: 1395, averageRate: 1390, marginalRateAfter: 1385, slippage: 1 - 1390 / 1395 }],
      events: [],
      paused: ['ETH'],
      rates: [],
      unwinds: [],
      oracles: [{ protocol: 'a', market: 'm', prices: { ETH: 1390, USDC: 1 } }],
    };
    // a: 2 + 3 = 5 liquidations, 1000 + 500 = 1500 repaid, 1100 + 560 = 1660 seized
    expect(summarizeRound(record)).toEqual({
      round: 3,
      t: 180,
      external: { ETH: 1400 },
      market: { ETH: 1390 },
      liquidations: [
        { protocol: 'a', liquidations: 5, repaidUsd: 1500, seizedUsd: 1660, badDebtUsd: 0 },
        { protocol: 'b', liquidations: 1, repaidUsd: 50, seizedUsd: 55, badDebtUsd: 7 },
      ],
      events: [],
      paused: ['ETH'],
    });
  });
});

describe('simulateCascade onProgress', () => {
  it('counts cascades, ends at (total, total), and leaves the result and its manifest as without it', () => {
    const network = parseNetwork(net);
    const calls: [number, number][] = [];
    const scenario = { name: 'ETH -30%', shocks: { ETH: -0.3 } };
    const withIt = simulateCascade(network, scenario, { onProgress: (d, t) => calls.push([d, t]) });
    const without = simulateCascade(network, scenario);
    // 2 players, exact Shapley: the main run, then the 2² = 4 coalitions (v(none) among them, run once) → 5. The main
    // run is also the grand coalition's: 1 (main), 2 (∅ run), then 2 valued before the wave of {A} and {B} → 3, whose
    // two runs tick 4 and 4 (held below the total until the end), and 5 at the end.
    expect(calls.map(([, t]) => t)).toEqual(new Array(calls.length).fill(5));
    expect(calls.at(-1)).toEqual([5, 5]);
    expect(calls.map(([d]) => d)).toEqual([1, 2, 4, 4, 5]);
    expect(JSON.stringify(withIt)).toBe(JSON.stringify(without));
  });
});
