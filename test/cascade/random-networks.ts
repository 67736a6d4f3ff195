/** Random networks for the property tests (fast-check): lenders of every store family sharing ETH/USDC pools, and the
 * same with every channel on (an LST loop lender, a liquidity provider leaving, outside sellers, withdrawals). */
import fc from 'fast-check';
import { parseNetwork } from '../../src/index.js';

const usdc = { id: 'USDC', symbol: 'USDC', price: 1, pegOf: { asset: 'USD', rate: 1 } };
const none = { model: 'none' };

interface Pos {
  eth: number;
  ltv: number;
}

const positionArb = fc.record({ eth: fc.double({ min: 1, max: 400, noNaN: true }), ltv: fc.double({ min: 0.3, max: 0.95, noNaN: true }) });

function protocolJson(family: string, id: string, positions: Pos[], lt: number) {
  const ps = positions.map((p, k) => ({ id: `${id}-${k}`, collateral: { ETH: p.eth }, debt: { USDC: Math.round(p.eth * 2000 * p.ltv * lt * 100) / 100 } }));
  const oracle = { kind: 'market', delaySeconds: 0, deviation: 0 };
  const borrowables = [{ asset: 'USDC', supply: 1e9, rateModel: none }];
  switch (family) {
    case 'aave-v3':
      return { id, family, version: '3.3', oracle, markets: [{ id: 'm', collaterals: [{ asset: 'ETH', ltv: lt - 0.03, liquidationThreshold: lt, liquidationBonus: 0.05, liquidationProtocolFee: 0.1 }], borrowables, positions: ps }] };
    case 'morpho-blue':
      return { id, family, oracle, markets: [{ id: 'm', collaterals: [{ asset: 'ETH', lltv: lt }], borrowables, positions: ps }] };
    case 'compound-v3':
      return {
        id,
        family,
        oracle,
        reserves: [{ label: 'reserves', kind: 'protocolReserves', asset: 'USDC', amount: 50_000, market: 'm' }],
        markets: [{ id: 'm', collaterals: [{ asset: 'ETH', borrowCollateralFactor: lt - 0.05, liquidateCollateralFactor: lt, liquidationFactor: 0.95 }], borrowables, storeFrontPriceFactor: 0.5, targetReserves: 5_000_000, positions: ps }],
      };
    default:
      return { id, family: 'generic', version: 'aave-v2', oracle, markets: [{ id: 'm', closeFactor: 0.5, collaterals: [{ asset: 'ETH', liquidationThreshold: lt, liquidationBonus: 0.05 }], borrowables, positions: ps }] };
  }
}

export const networkArb = fc
  .record({
    families: fc.array(fc.constantFrom('aave-v3', 'morpho-blue', 'compound-v3', 'generic'), { minLength: 1, maxLength: 3 }),
    positions: fc.array(fc.array(positionArb, { minLength: 1, maxLength: 8 }), { minLength: 3, maxLength: 3 }),
    lt: fc.double({ min: 0.7, max: 0.9, noNaN: true }),
    pools: fc.array(fc.record({ eth: fc.double({ min: 200, max: 20_000, noNaN: true }), fee: fc.constantFrom(0.0005, 0.003), halfLife: fc.constantFrom(0, 120, 600) }), { minLength: 1, maxLength: 3 }),
  })
  .map(({ families, positions, lt, pools }) =>
    parseNetwork({
      schemaVersion: 1,
      meta: { name: 'random', snapshotDate: '2025-10-01', synthetic: true },
      assets: [{ id: 'ETH', symbol: 'ETH', price: 2000, volatility: 0.6 }, usdc],
      venues: pools.map((p, k) => ({ id: `pool${k}`, kind: 'constantProduct', coins: ['ETH', 'USDC'], reserves: [p.eth, p.eth * 2000], fee: p.fee, ...(p.halfLife ? { recoveryHalfLife: p.halfLife } : {}) })),
      protocols: families.map((f, k) => protocolJson(f, `p${k}`, positions[k]!, lt)),
    }),
  );

/** The same random networks plus an LST loop lender, a liquidity provider across the ETH pools, and outside sellers. */
export const channelsArb = fc
  .record({
    base: networkArb,
    loops: fc.array(fc.record({ steth: fc.double({ min: 10, max: 2000, noNaN: true }), ltv: fc.double({ min: 0.6, max: 0.9, noNaN: true }) }), { minLength: 1, maxLength: 6 }),
    rate: fc.double({ min: 0.01, max: 0.3, noNaN: true }),
    withdraw: fc.double({ min: 0.05, max: 0.9, noNaN: true }),
    forced: fc.double({ min: 0, max: 3000, noNaN: true }),
  })
  .map(({ base, loops, rate, withdraw, forced }) => {
    const json = JSON.parse(JSON.stringify(base));
    json.assets.push({ id: 'stETH', symbol: 'stETH', price: 2000, pegOf: { asset: 'ETH', rate: 1, redeem: 'queue' }, yield: 0.03 });
    json.venues.push({ id: 'steth-eth', kind: 'stableswap', coins: ['stETH', 'ETH'], balances: [20_000, 20_000], A: 50, fee: 0.0004, recoveryHalfLife: 600 });
    for (const v of json.venues) if (v.coins.includes('USDC')) v.provider = 'mm';
    json.protocols.push({
      id: 'loops',
      family: 'generic',
      oracle: { kind: 'market', delaySeconds: 0, deviation: 0 },
      markets: [
        {
          id: 'm',
          closeFactor: 0.5,
          collaterals: [{ asset: 'stETH', liquidationThreshold: 0.93, liquidationBonus: 0.01 }],
          borrowables: [{ asset: 'ETH', supply: 1e7, rateModel: { model: 'fixed', rate } }],
          positions: loops.map((l, k) => ({ id: `l${k}`, collateral: { stETH: l.steth }, debt: { ETH: l.steth * l.ltv } })),
        },
      ],
    });
    return {
      net: parseNetwork(json),
      scenario: {
        events: [
          { type: 'withdrawLiquidity' as const, provider: 'mm', share: withdraw, at: 60 },
          { type: 'forcedSales' as const, asset: 'stETH', amount: forced, receive: 'ETH', over: 300 },
          { type: 'withdrawSupply' as const, protocol: 'loops', market: 'm', asset: 'ETH', amount: 1e6 },
        ],
      },
    };
  });
