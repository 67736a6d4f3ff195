/**
 * The profit floor end to end (docs/model.md §3.3): with profit gating the cascade lets lending engines leave out
 * offers that cannot pay their gas at their route's best rate. A run must come out exactly as if every offer were
 * listed: the same groups in the same order, the same price probe, the same decisions, bit for bit. The reference
 * run strips the floor from the context the engines see.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { simulateCascade } from '../../src/cascade/simulate.js';
import { parseNetwork } from '../../src/network/index.js';
import type { Network } from '../../src/network/schema/network.js';
import { genericEngine } from '../../src/protocols/generic/index.js';
import type { Offer, RoundContext } from '../../src/protocols/engine.js';
import { spiralJson } from './networks.js';

const usdc = { id: 'USDC', symbol: 'USDC', price: 1, pegOf: { asset: 'USD', rate: 1 } };

/**
 * ETH and WBTC collateral in one market; WBTC sells through WBTC/ETH then ETH/USDC, so the order in which the two
 * groups sell matters. Dust positions (a few dollars: they cannot pay $25 of gas) come first in each pair, so that a
 * group's first listed offer is one the floor leaves out.
 */
function interleaved(): Network {
  const p = (id: string, coll: Record<string, number>, usd: number) => ({ id, collateral: coll, debt: { USDC: usd } });
  return parseNetwork({
    schemaVersion: 1,
    meta: { name: 'interleaved pairs', snapshotDate: '2025-10-01', synthetic: true },
    assets: [{ id: 'ETH', symbol: 'ETH', price: 2000 }, { id: 'WBTC', symbol: 'WBTC', price: 60_000 }, usdc],
    venues: [
      { id: 'eth-usdc', kind: 'constantProduct', coins: ['ETH', 'USDC'], reserves: [2000, 4_000_000], fee: 0.003, recoveryHalfLife: 600 },
      { id: 'wbtc-eth', kind: 'constantProduct', coins: ['WBTC', 'ETH'], reserves: [100, 3000], fee: 0.003, recoveryHalfLife: 600 },
    ],
    protocols: [
      {
        id: 'lender',
        family: 'generic',
        version: 'aave-v2',
        oracle: { kind: 'market', delaySeconds: 0, deviation: 0 },
        markets: [
          {
            id: 'main',
            closeFactor: 0.5,
            collaterals: [
              { asset: 'ETH', ltv: 0.75, liquidationThreshold: 0.8, liquidationBonus: 0.05 },
              { asset: 'WBTC', ltv: 0.7, liquidationThreshold: 0.75, liquidationBonus: 0.08 },
            ],
            borrowables: [{ asset: 'USDC', supply: 1e8, rateModel: { model: 'fixed', rate: 0.08 } }],
            positions: [
              p('eth-dust', { ETH: 0.005 }, 7.9),
              p('wbtc-dust', { WBTC: 0.0002 }, 11),
              p('wbtc-1', { WBTC: 10 }, 420_000),
              p('eth-1', { ETH: 200 }, 300_000),
              p('wbtc-2', { WBTC: 6 }, 260_000),
              p('eth-2', { ETH: 150 }, 230_000),
              p('eth-dust-2', { ETH: 0.004 }, 6.2),
              p('eth-3', { ETH: 90 }, 128_000),
            ],
          },
        ],
      },
    ],
  });
}

afterEach(() => vi.restoreAllMocks());

function withoutFloor(network: Network, shocks: Record<string, number>) {
  const list = genericEngine.listLiquidatable;
  const spy = vi.spyOn(genericEngine, 'listLiquidatable').mockImplementation((state, ctx: RoundContext) => {
    const { profitFloor: _, ...rest } = ctx;
    return list(state, rest);
  });
  const r = simulateCascade(network, { shocks }, { exposure: 'none' });
  spy.mockRestore();
  return r;
}

function counting(network: Network, shocks: Record<string, number>) {
  const list = genericEngine.listLiquidatable;
  let listed = 0;
  let withFloor = 0;
  vi.spyOn(genericEngine, 'listLiquidatable').mockImplementation((state, ctx: RoundContext) => {
    const out: Offer[] = list(state, ctx);
    listed += out.length;
    if (ctx.profitFloor) withFloor++;
    return out;
  });
  const r = simulateCascade(network, { shocks }, { exposure: 'none' });
  vi.restoreAllMocks();
  return { r, listed, withFloor };
}

describe('the profit floor changes nothing but the work', () => {
  for (const [name, network, shocks] of [
    ['interleaved pairs, dust first', interleaved, { ETH: -0.3, WBTC: -0.3 }],
    ['the spiral', () => parseNetwork(spiralJson()), { ETH: -0.2 }],
  ] as const) {
    it(name, () => {
      const net = network();
      const reference = withoutFloor(net, shocks);
      const floored = counting(net, shocks);
      const { manifest: _a, ...a } = reference;
      const { manifest: _b, ...b } = floored.r;
      expect(b).toEqual(a);
      expect(floored.withFloor).toBeGreaterThan(0);
      expect(a.totals.liquidations).toBeGreaterThan(0);
    });
  }

  it('leaves the dust out (fewer offers listed), and every offer is listed without profit gating', () => {
    const net = interleaved();
    const shocks = { ETH: -0.3, WBTC: -0.3 };
    const list = genericEngine.listLiquidatable;
    let all = 0;
    vi.spyOn(genericEngine, 'listLiquidatable').mockImplementation((state, ctx: RoundContext) => {
      const { profitFloor: _, ...rest } = ctx;
      all += list(genericEngine.clone(state), rest).length;
      return list(state, ctx);
    });
    simulateCascade(net, { shocks }, { exposure: 'none' });
    vi.restoreAllMocks();
    const floored = counting(net, shocks);
    expect(floored.listed).toBeLessThan(all);
    const plain = counting(net, shocks);
    expect(plain.listed).toBe(floored.listed);
    const ungated = (() => {
      let floors = 0;
      vi.spyOn(genericEngine, 'listLiquidatable').mockImplementation((state, ctx: RoundContext) => {
        if (ctx.profitFloor) floors++;
        return list(state, ctx);
      });
      simulateCascade(net, { shocks }, { exposure: 'none', profitGating: false });
      vi.restoreAllMocks();
      return floors;
    })();
    expect(ungated).toBe(0);
  });
});
