/**
 * A Euler v2 vault in the cascade, end to end, computed by hand: one account (10 ETH against 16,000 USDC, liquidation
 * LTV 0.85, maxLiquidationDiscount 0.15 — Euler Prime's parameters), an external oracle (the shocked price every
 * round), one fee-free x·y=k ETH/USDC pool of 1,000 ETH and 2,000,000 USDC (k = 2e9), the plain configuration with no
 * gas. The pool starts each run at the external price p: x = √(k/p), y = √(k·p); a sale of dx returns y·dx/(x + dx).
 * The EVK maths (docs/protocols/euler-v2.md): HS = 10·p·0.85/16,000, f = max(HS, 0.85), yield = repay/f of value.
 */
import { describe, expect, it } from 'vitest';
import { parseNetwork, PLAIN_CONFIGURATION, simulateCascade } from '../../src/index.js';
import { ethPoolNetwork } from '../eth-pool.js';

const network = ethPoolNetwork({
  name: 'one Euler vault',
  pool: { id: 'pool', eth: 1000, fee: 0 },
  protocols: [
    {
      id: 'euler',
      family: 'euler-v2',
      oracle: { kind: 'external' },
      markets: [
        {
          id: 'eUSDC',
          collaterals: [{ asset: 'ETH', borrowLTV: 0.83, liquidationLTV: 0.85 }],
          borrowables: [{ asset: 'USDC', supply: 1_000_000, rateModel: { model: 'none' } }],
          maxLiquidationDiscount: 0.15,
          liquidationCoolOffTime: 1,
          positions: [{ id: 'a', collateral: { ETH: 10 }, debt: { USDC: 16_000 } }],
        },
      ],
    },
  ],
});

const plain = { ...PLAIN_CONFIGURATION, gasCostUsd: 0, exposure: 'none' as const };
const cents = (x: number) => Math.round(x * 100) / 100;

describe('euler-v2 in the cascade', () => {
  it('ETH −10%: the discount is 1 − HS = 4.375%; the whole debt is taken over and 9.2956 ETH sold into the pool', () => {
    // p = 1,800: HS = 15,300/16,000 = 0.95625 = f. Repay 16,000.00 for 16,000/0.95625 = $16,732.03 = 9.2955700799 ETH
    // (bonus $732.03). Pool: x = √(2e9/1,800) = 1,054.0925534, y = 1,897,366.5961; the sale returns
    // 1,897,366.5961·9.2955700799/1,063.3881235 = 16,585.76 USDC and leaves ETH at (1,897,366.60 − 16,585.76)/1,063.3881235
    // = $1,768.67. Nothing is left owing: no bad debt.
    const r = simulateCascade(network, { shocks: { ETH: -0.1 } }, plain);
    const p = r.protocols[0]!;
    expect(p.liquidations).toBe(1);
    expect(cents(p.repaidDebtUsd)).toBe(16_000);
    expect(cents(p.liquidatedCollateralUsd)).toBe(16_732.03);
    expect(cents(p.bonusPaidUsd)).toBe(732.03);
    expect(p.sold[0]!.amount).toBeCloseTo(9.2955700799, 9);
    expect(cents(r.rounds[0]!.trades[0]!.amountOut)).toBe(16_585.76);
    expect(cents(r.assets[0]!.finalMarketPrice)).toBe(1_768.67);
    expect(p.badDebtBookedUsd).toBe(0);
    expect(p.lossToLendersUsd).toBe(0);
  });

  it('ETH −25%: the discount is capped at 15%; all 10 ETH go for 12,750.00 and 3,250.00 USDC is socialised to the depositors', () => {
    // p = 1,500: HS = 12,750/16,000 = 0.796875 < 0.85, so f = 0.85. The whole debt would yield 16,000/0.85 = $18,823.53 >
    // the $15,000 held: all 10 ETH for 15,000·0.85 = 12,750.00 USDC (bonus $2,250.00). The account owes 3,250.00 with
    // nothing left: the vault cancels it; supply 1,000,000 → 996,750; the lenders lose 3,250.00, recovering
    // 993,500/996,750 = 0.9967394. Pool: x = √(2e9/1,500) = 1,154.7005384, y = 1,732,050.8076; 10 ETH return
    // 1,732,050.8076·10/1,164.7005384 = 14,871.21 USDC.
    const r = simulateCascade(network, { shocks: { ETH: -0.25 } }, plain);
    const p = r.protocols[0]!;
    expect(cents(p.repaidDebtUsd)).toBe(12_750);
    expect(p.seized[0]!.amount).toBe(10);
    expect(cents(p.bonusPaidUsd)).toBe(2_250);
    expect(cents(p.badDebtBookedUsd)).toBe(3_250);
    expect(cents(p.badDebtAtExecutionUsd)).toBe(3_250);
    expect(r.rounds[0]!.rates[0]!.supply).toBe(996_750);
    expect(cents(p.lossToLendersUsd)).toBe(3_250);
    expect(p.recoveryRate).toBeCloseTo(993_500 / 996_750, 12);
    expect(cents(r.rounds[0]!.trades[0]!.amountOut)).toBe(14_871.21);
  });

  it('a cool-off holds the liquidation back, and the run waits for it: at ETH −10% with a 600 s cool-off from the snapshot, the account goes at t = 600 s', () => {
    // lastStatusCheck 0, liquidationCoolOffTime 600: in violation from t = 0 (HS 0.95625) but not liquidatable while
    // t < 600. Rounds of 60 s: rounds 0–9 (t = 0 … 540) hold it back, and list it as waiting so the run does not settle;
    // round 10 (t = 600) takes over the whole 16,000 USDC, as in the first case.
    const json = JSON.parse(JSON.stringify(network));
    json.protocols[0].markets[0].liquidationCoolOffTime = 600;
    json.protocols[0].markets[0].positions[0].lastStatusCheck = 0;
    const r = simulateCascade(parseNetwork(json), { shocks: { ETH: -0.1 } }, plain);
    const first = r.rounds.findIndex((x) => x.liquidations.length > 0);
    expect(first).toBe(10);
    expect(r.rounds[first]!.t).toBe(600);
    expect(cents(r.protocols[0]!.repaidDebtUsd)).toBe(16_000);
    expect(r.converged).toBe(true);
  });
});
