/**
 * `cascadeLiquidatedUsd` is signed (docs/api.md, Signs and units): total − v(none), where v(none) is the run in which
 * nobody sells. Under profit gating a liquidator who must sell what it seizes takes only what pays against the sale's
 * price impact, while in v(none) no sale moves a price — so the spiral can "add" a negative amount.
 * holding-linked-protocols.json at ETH −10%: with sales, alpha's liquidation is smaller, and beta — deciding after alpha in
 * the round (turns go by protocol id) on the pool alpha's sale left — finds that none pays.
 */
import { describe, expect, it } from 'vitest';
import { loadNetwork, simulateCascade } from '../../src/index.js';

describe('cascadeLiquidatedUsd is total − v(none), and may be negative', () => {
  it('holding-linked-protocols at ETH −10%: both lenders liquidate less when their seizures are sold (beta nothing)', async () => {
    const network = await loadNetwork('fixtures/examples/holding-linked-protocols.json');
    const result = simulateCascade(network, { shocks: { ETH: -0.1 } });
    for (const p of result.protocols) {
      expect(p.firstRoundLiquidatedUsd).not.toBeNull();
      const total = p.liquidatedCollateralSnapshotUsd;
      expect(p.cascadeLiquidatedUsd).toBeCloseTo(total - p.firstRoundLiquidatedUsd!, 6);
      expect(p.cascadeMultiplier).toBeCloseTo(total / p.firstRoundLiquidatedUsd!, 12);
    }
    const [alpha, beta] = result.protocols;
    // Regression figures of this example (model outputs, not a reference): the sign is the claim checked.
    expect(alpha!.cascadeLiquidatedUsd!).toBeLessThan(0);
    expect(beta!.cascadeLiquidatedUsd!).toBeLessThan(0);
    expect(alpha!.cascadeMultiplier!).toBeCloseTo(0.16433, 4);
    expect(beta!.liquidations).toBe(0);
    expect(beta!.cascadeMultiplier!).toBe(0);
  });
});
