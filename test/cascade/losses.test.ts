/**
 * Loss contagion after the rounds (DESIGN §5, §10 Losses): bad debt → reserves → lenders → holders of the issuer's
 * tokens (Eisenberg–Noe clearing on the holding graph), and the repriced token re-entering the cascade.
 */
import { describe, expect, it } from 'vitest';
import { parseNetwork, simulateCascade } from '../../src/index.js';
import { exampleJson } from '../network/base.js';

/** The example network with interest switched off, so that the books stay at their hand-computed values. */
function holdingJson(): any {
  const json = exampleJson('holding-linked-protocols');
  for (const p of json.protocols) for (const m of p.markets) for (const b of m.borrowables) b.rateModel = { model: 'none' };
  return json;
}

describe('losses travel along who holds whom (fixtures/examples/holding-linked-protocols.json, no interest)', () => {
  // ETH −40%: $1,200. The only ETH venue holds liquidity between $1,500 and $2,600, so below it nobody can sell seized
  // ETH and no liquidation pays: the positions stay on the books under water.
  // alpha: x1 1,500 ETH · 1,200 = 1.8M against 2.3M; x2 1.2M against 1.3M → 600,000 insolvent; treasury 20,000;
  //   it owes its USDC suppliers 5,000,000, of which beta holds 400,000 (aUSDC). Its assets: 5M + 20k − 600k = 4.42M:
  //   lenders recover 4.42/5 = 0.884; beta's aUSDC loses 400,000 · 0.116 = 46,400.
  // beta: y1 600 ETH · 1,200 = 720,000 against 950,000 → 230,000 insolvent, plus 46,400 on its holding, less its
  //   10,000 treasury: its lenders lose 266,400 of 1,500,000 (Eisenberg–Noe payments 4.42M and 1,233,600).
  const r = simulateCascade(parseNetwork(holdingJson()), { shocks: { ETH: -0.4 } }, { exposure: 'none', gasCostUsd: 0 });
  const alpha = r.protocols.find((p) => p.protocol === 'alpha')!;
  const beta = r.protocols.find((p) => p.protocol === 'beta')!;

  it('leaves the under-water positions on the books: nothing can be sold below the venue\'s last range', () => {
    expect(r.totals.liquidations).toBe(0);
    expect(alpha.netInsolventUsd).toBeCloseTo(600_000, 3);
    expect(beta.netInsolventUsd).toBeCloseTo(230_000, 3);
  });

  it('charges the issuer\'s reserves, then its lenders pro rata, holders among them', () => {
    expect(alpha.reservesUsedUsd).toBeCloseTo(20_000, 3);
    expect(alpha.lossToLendersUsd).toBeCloseTo(580_000, 3);
    expect(alpha.recoveryRate).toBeCloseTo(0.884, 9);
    expect(alpha.insolvent).toBe(true);
    expect(beta.holdingLossUsd).toBeCloseTo(46_400, 3);
    expect(beta.lossToLendersUsd).toBeCloseTo(266_400, 3);
    expect(beta.recoveryRate).toBeCloseTo(1_233_600 / 1_500_000, 9);
    expect(r.losses.clearing.used).toBe(true);
    expect(r.losses.clearing.defaulted.sort()).toEqual(['alpha', 'beta']);
  });

  it('reprices the issuer\'s token by its recovery rate and carries on from there', () => {
    expect(r.losses.repricedTokens).toEqual([{ asset: 'aUSDC', factor: expect.closeTo(0.884, 9) }]);
    expect(r.assets.find((a) => a.asset === 'aUSDC')!.finalExternalPrice).toBeCloseTo(0.884, 9);
    expect(r.converged).toBe(true);
  });

  it('without loss contagion, no token is repriced and holders lose nothing', () => {
    const off = simulateCascade(parseNetwork(holdingJson()), { shocks: { ETH: -0.4 } }, { exposure: 'none', lossContagion: false });
    expect(off.losses.repricedTokens).toEqual([]);
    expect(off.assets.find((a) => a.asset === 'aUSDC')!.finalExternalPrice).toBe(1);
  });

  it('a repriced token that is collateral elsewhere liquidates there in the next rounds', () => {
    const json = holdingJson();
    // gamma lends USDC against aUSDC at LT 0.95: a loan of 0.9 per aUSDC is safe at par and under water at 0.884.
    json.venues.push({ id: 'ausdc-usdc', kind: 'stableswap', coins: ['aUSDC', 'USDC'], balances: [5_000_000, 5_000_000], A: 100, fee: 0.0001 });
    json.protocols.push({
      id: 'gamma',
      family: 'generic',
      oracle: { kind: 'external', delaySeconds: 0, deviation: 0 },
      markets: [{ id: 'm', closeFactor: 1, collaterals: [{ asset: 'aUSDC', liquidationThreshold: 0.95, liquidationBonus: 0.02 }], borrowables: [{ asset: 'USDC', supply: 1e7, rateModel: { model: 'none' } }], positions: [{ id: 'g1', collateral: { aUSDC: 100_000 }, debt: { USDC: 90_000 } }] }],
    });
    const g = simulateCascade(parseNetwork(json), { shocks: { ETH: -0.4 } }, { exposure: 'none', gasCostUsd: 0 });
    // At 0.884 the position's HF is 100,000 · 0.884 · 0.95 / 90,000 = 0.9331 < 1.
    expect(g.protocols.find((p) => p.protocol === 'gamma')!.liquidations).toBeGreaterThan(0);
  });
});
