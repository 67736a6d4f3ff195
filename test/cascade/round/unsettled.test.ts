import { describe, expect, it } from 'vitest';
import { marketKey } from '../../../src/util/packed-keys.js';
import { cloneUnsettled, liquidatingOf, newUnsettled, noteLiquidating, noteRepriced, pendingOf } from '../../../src/cascade/round/unsettled.js';

const k = { protocols: [{ id: 'aave', marketIds: ['core', 'prime'] }, { id: 'sky', marketIds: ['ETH-A'] }] } as unknown as Parameters<typeof liquidatingOf>[1];

describe('the last round kept unsettled as facts, in words for the result', () => {
  it('nothing pending before the first round', () => {
    const u = newUnsettled();
    expect(pendingOf(u)).toEqual([]);
    expect(liquidatingOf(u, k)).toEqual([]);
  });

  it('every fact in words, in the report order; the markets in market-key order whatever the settlement’s order', () => {
    const u = newUnsettled();
    Object.assign(u, { scheduled: true, oraclePending: true, auctionsOpen: true, pausedLater: true, loopsWaiting: 2, timeHeld: 3, forcedSold: 1 });
    // More keys than the first buffer holds, given in descending order.
    const keys = [marketKey(1, 0), marketKey(0, 1), marketKey(0, 0), ...Array.from({ length: 9 }, (_, j) => marketKey(2 + j, j))];
    noteLiquidating(u, new Set(keys));
    expect(pendingOf(u)).toEqual(['scheduled scenario inputs', 'oracle updates', 'open auctions', 'liquidations paused by the circuit breaker', '2 loops unwinding', '3 positions in a liquidation cool-off', 'forced sales']);
    const kk = { protocols: [...(k.protocols as object[]), ...Array.from({ length: 9 }, (_, j) => ({ id: `p${j}`, marketIds: [] }))] } as unknown as typeof k;
    expect(liquidatingOf(u, kk)).toEqual(['aave/core', 'aave/prime', 'sky/ETH-A', ...Array.from({ length: 9 }, (_, j) => `p${j}/${j}`)]);
  });

  it('a later round’s facts replace the earlier ones: its markets only, none when it liquidated nothing', () => {
    const u = newUnsettled();
    noteLiquidating(u, new Set([marketKey(1, 0), marketKey(0, 1)]));
    noteLiquidating(u, new Set([marketKey(0, 0)]));
    expect(liquidatingOf(u, k)).toEqual(['aave/core']);
    noteLiquidating(u, new Set());
    expect(liquidatingOf(u, k)).toEqual([]);
  });

  it('a repricing is reported alone, with no market, until the next round that does not settle', () => {
    const u = newUnsettled();
    u.auctionsOpen = true;
    noteLiquidating(u, new Set([marketKey(1, 0)]));
    noteRepriced(u, 'tokens repriced by loss contagion (DAI)');
    expect(pendingOf(u)).toEqual(['tokens repriced by loss contagion (DAI)']);
    expect(liquidatingOf(u, k)).toEqual([]);
    noteLiquidating(u, new Set([marketKey(1, 0)]));
    expect(pendingOf(u)).toEqual(['open auctions']);
    expect(liquidatingOf(u, k)).toEqual(['sky/ETH-A']);
  });

  it('a fork’s copy is its own: a round of either leaves the other’s markets as they were', () => {
    const u = newUnsettled();
    u.timeHeld = 4;
    noteLiquidating(u, new Set([marketKey(0, 1)]));
    const f = cloneUnsettled(u);
    noteLiquidating(f, new Set([marketKey(1, 0)]));
    expect(liquidatingOf(u, k)).toEqual(['aave/prime']);
    expect(liquidatingOf(f, k)).toEqual(['sky/ETH-A']);
    expect(pendingOf(f)).toEqual(['4 positions in a liquidation cool-off']);
  });
});
