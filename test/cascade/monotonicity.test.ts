/**
 * Where a cascade is NOT monotone in the shock (docs/model.md §7.1): one pinned counterexample per cause, each with
 * the numbers worked by hand. Every run is the plain configuration with gas 0, loss contagion off and no interest.
 * Fee-free x·y = k pools without recovery make the hand arithmetic exact: such a pool at price X holds √(K/X) of
 * the sold coin, and after Q more its price is K/(√(K/X) + Q)², however the sales were split.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseNetwork, PLAIN_CONFIGURATION, simulateCascade, type CascadeResult } from '../../src/index.js';
import { lender } from './networks.js';

const usdc = { id: 'USDC', symbol: 'USDC', price: 1, pegOf: { asset: 'USD', rate: 1 } };
const eth = { id: 'ETH', symbol: 'ETH', price: 2000, volatility: 0.6 };
const none = { model: 'none' };
const oracle = { kind: 'market', delaySeconds: 0, deviation: 0 };
const plain = { ...PLAIN_CONFIGURATION, gasCostUsd: 0, lossContagion: false, exposure: 'none' as const };

/** A network on ETH/USDC with one fee-free x·y = k pool of `ethReserve` ETH at $2,000, no recovery. */
function network(name: string, ethReserve: number, protocols: unknown[]) {
  return parseNetwork({
    schemaVersion: 1,
    meta: { name, snapshotDate: '2025-10-01', synthetic: true },
    assets: [eth, usdc],
    venues: [{ id: 'pool', kind: 'constantProduct', coins: ['ETH', 'USDC'], reserves: [ethReserve, ethReserve * 2000], fee: 0 }],
    protocols,
  });
}

/** An Aave 3.3 pool (protocol fee 10%) with one position of `eth` ETH against `usdc` USDC. */
function aave33(liquidationThreshold: number, liquidationBonus: number, eth: number, usdc: number) {
  const collaterals = [{ asset: 'ETH', ltv: liquidationThreshold - 0.03, liquidationThreshold, liquidationBonus, liquidationProtocolFee: 0.1 }];
  const positions = [{ id: 'a', collateral: { ETH: eth }, debt: { USDC: usdc } }];
  return { id: 'aave', family: 'aave-v3', version: '3.3', oracle, markets: [{ id: 'core', collaterals, borrowables: [{ asset: 'USDC', supply: 1e9, rateModel: none }], positions }] };
}

/** The price of a fee-free pool with invariant K re-balanced to X, after Q ETH sold. */
const priceAfter = (K: number, X: number, Q: number) => K / (Math.sqrt(K / X) + Q) ** 2;

const run = (net: ReturnType<typeof parseNetwork>, ethShock: number) => simulateCascade(net, { shocks: { ETH: ethShock } }, plain);
const protocol = (r: CascadeResult, id: string) => r.protocols.find((p) => p.protocol === id)!;
const lowest = (r: CascadeResult) => r.assets.find((a) => a.asset === 'ETH')!.lowestMarketPrice;
const ethSeized = (r: CascadeResult, id: string) => protocol(r, id).seized.find((a) => a.asset === 'ETH')?.amount ?? 0;

describe('monotonicity in the shock: the counterexamples outside the classes of docs/model.md §7.1', () => {
  it('a deeper shock brings a liquidation forward to a round whose price is higher: it seizes less, sells less, and a third position is never reached', () => {
    // Generic lenders, close factor 1, LT 0.8, bonus 5%. Liquidation prices: a1 362,400/(300·0.8) = 1,510;
    // b1 120,000/80 = 1,500; c1 71,200/80 = 890. Pool 1,000 ETH / 2,000,000 USDC: K = 2e9.
    const net = network('brought forward', 1000, [
      lender('A', [
        { id: 'a1', eth: 300, usdc: 362_400 },
        { id: 'b1', eth: 100, usdc: 120_000 },
      ]),
      lender('C', [{ id: 'c1', eth: 100, usdc: 71_200 }]),
    ]);
    const K = 2e9;
    // ETH −24.75% (X = 1,505): round 0 only a1 — seizes 362,400·1.05/1,505 = 252.837 ETH, and the pool falls to p1.
    const a1 = (362_400 * 1.05) / 1505;
    const p1 = priceAfter(K, 1505, a1); // 1,012.27
    // Round 1 at p1: b1 needs 126,000/p1 = 124.5 ETH > 100: it gives all 100 and repays 100·p1/1.05 = 96,406.
    const p2 = priceAfter(K, 1505, a1 + 100); // 882.27 < 890: c1 goes in round 2
    const c1 = (71_200 * 1.05) / p2; // 84.736 ETH
    const small = run(net, -0.2475);
    expect(small.rounds.map((r) => r.market.ETH).slice(0, 3)).toEqual([expect.closeTo(1505, 9), expect.closeTo(p1, 7), expect.closeTo(p2, 7)]);
    expect(protocol(small, 'A').liquidatedCollateralSnapshotUsd).toBeCloseTo((a1 + 100) * 2000, 5); // 705,674.42
    expect(protocol(small, 'A').netInsolventUsd).toBeCloseTo(120_000 - (100 * p1) / 1.05, 5); // 23,593.56
    expect(protocol(small, 'C').liquidatedCollateralSnapshotUsd).toBeCloseTo(c1 * 2000, 5); // 169,472.37
    expect(lowest(small)).toBeCloseTo(priceAfter(K, 1505, a1 + 100 + c1), 7); // 790.76

    // ETH −25.25% (X = 1,495 < 1,500): a1 and b1 both in round 0, at 1,495 — b1 is brought forward from $1,012.
    // a1 seizes 380,520/1,495 = 254.528 (1.69 more), b1 126,000/1,495 = 84.281 (15.72 less): 338.809 ETH in all.
    const sold = (362_400 * 1.05) / 1495 + (120_000 * 1.05) / 1495;
    const last = priceAfter(K, 1495, sold); // 894.32 > 890: c1 is never liquidated
    const large = run(net, -0.2525);
    expect(protocol(large, 'A').liquidatedCollateralSnapshotUsd).toBeCloseTo(sold * 2000, 5); // 677,618.73
    expect(protocol(large, 'A').netInsolventUsd).toBe(0);
    expect(protocol(large, 'C').liquidations).toBe(0);
    expect(lowest(large)).toBeCloseTo(last, 7);
    // The break: less seized, less insolvency, a smaller set liquidated, a higher lowest price under the larger shock.
    expect(protocol(large, 'A').liquidatedCollateralSnapshotUsd).toBeLessThan(protocol(small, 'A').liquidatedCollateralSnapshotUsd - 28_000);
    expect(lowest(large) - lowest(small)).toBeGreaterThan(100);
  });

  it('the close-factor step at HF 0.95 (Aave 3.3): one position seizes less and books no deficit under the larger shock', () => {
    // Aave 3.3, LT 0.83, bonus 5%, protocol fee 10%; 2,000 ETH against 2,400,000 USDC: HF = p/1,445.78.
    // Pool 5,000 ETH / 10,000,000 USDC: K = 5e10.
    const net = network('close-factor step', 5000, [aave33(0.83, 0.05, 2000, 2_400_000)]);
    const K = 5e10;
    // ETH −30% (X = 1,400): HF = 0.968 > 0.95 → half the total debt, 1,200,000, seizing 1,260,000/1,400 = 900 ETH,
    // of which the fee 0.1·(900 − 857.143) = 4.286 ETH stays with the protocol: 895.714 ETH sold.
    const p1 = priceAfter(K, 1400, 900 - 0.1 * (900 - 1_200_000 / 1400)); // 1,058.82
    // Round 1: 1,100 ETH against 1,200,000, HF = 1,100·p1·0.83/1.2e6 = 0.806 → all of it; it needs 1,260,000/p1 =
    // 1,190 ETH > 1,100: all 1,100 go, repaying 1,100·p1/1.05, and the rest is the deficit.
    const deficit = 1_200_000 - (1100 * p1) / 1.05; // 90,761.02
    const small = run(net, -0.3);
    expect(small.rounds[1]!.market.ETH).toBeCloseTo(p1, 7);
    expect(ethSeized(small, 'aave')).toBeCloseTo(2000, 9);
    expect(protocol(small, 'aave').badDebtBookedUsd).toBeCloseTo(deficit, 5);
    // ETH −31.5% (X = 1,370): HF = 0.9476 <= 0.95 → all the debt at once: 2,520,000/1,370 = 1,839.416 ETH, no deficit.
    const large = run(net, -0.315);
    expect(ethSeized(large, 'aave')).toBeCloseTo(2_520_000 / 1370, 9);
    expect(protocol(large, 'aave').badDebtBookedUsd).toBe(0);
    expect(protocol(large, 'aave').liquidatedCollateralSnapshotUsd).toBeCloseTo((2_520_000 / 1370) * 2000, 5); // 3,678,832 < 4,000,000
  });

  it("Comet's store-front guard: a smaller shock opens the store front, whose sale liquidates another lender; a larger one does not", () => {
    // Comet: reserves 200,000, targetReserves 35,000; one account of 100 ETH against 150,000 USDC, liquidateCollateral
    // factor 0.8 (absorbed below $1,875), liquidationFactor 0.95, storeFrontPriceFactor 0.5 (discount 2.5%).
    // Lender L (generic, close factor 1): 100 ETH against 128,000 USDC, liquidation price 1,600. K = 2e9.
    const comet = {
      id: 'comet',
      family: 'compound-v3',
      oracle,
      reserves: [{ label: 'reserves', kind: 'protocolReserves', asset: 'USDC', amount: 200_000, market: 'm' }],
      markets: [
        {
          id: 'm',
          collaterals: [{ asset: 'ETH', borrowCollateralFactor: 0.75, liquidateCollateralFactor: 0.8, liquidationFactor: 0.95 }],
          borrowables: [{ asset: 'USDC', supply: 1e9, rateModel: none }],
          storeFrontPriceFactor: 0.5,
          targetReserves: 35_000,
          positions: [{ id: 'c1', collateral: { ETH: 100 }, debt: { USDC: 150_000 } }],
        },
      ],
    };
    const net = network('store front', 1000, [comet, lender('L', [{ id: 'l1', eth: 100, usdc: 128_000 }])]);
    const K = 2e9;
    // ETH −10% (X = 1,800): the absorb credits 100·1,800·0.95 = 171,000 >= 150,000, so the reserves fall by 171,000
    // to 29,000 < 35,000: the store front opens and sells 100 ETH at 1,800·0.975 = 1,755 (175,500 USDC).
    const p2 = priceAfter(K, 1800, 100); // 1,501.58 < 1,600: L's position goes in round 2
    const l1 = (128_000 * 1.05) / p2; // 89.506 ETH
    const small = run(net, -0.1);
    const front = small.rounds.flatMap((r) => r.liquidations).find((l) => l.kind === 'storefront')!;
    expect(front.taken).toBeCloseTo(100, 9);
    expect(front.sold).toBeCloseTo(100, 9);
    expect(front.paid).toBeCloseTo(175_500, 6);
    expect(protocol(small, 'L').liquidatedCollateralSnapshotUsd).toBeCloseTo(l1 * 2000, 5); // 179,011.34
    expect(lowest(small)).toBeCloseTo(priceAfter(K, 1800, 100 + l1), 7); // 1,293.21
    // ETH −15% (X = 1,700): the absorb credits 161,500, the reserves fall to 38,500 >= 35,000: NotForSale. Nothing
    // is sold, the pool stays at 1,700 > 1,600, and L is never liquidated.
    const large = run(net, -0.15);
    expect(large.rounds.flatMap((r) => r.liquidations).some((l) => l.kind === 'storefront')).toBe(false);
    expect(protocol(large, 'comet').liquidatedCollateralSnapshotUsd).toBe(200_000);
    expect(protocol(large, 'L').liquidatedCollateralSnapshotUsd).toBe(0);
    expect(lowest(large)).toBeCloseTo(1700, 9);
  });

  it("Aave 3.3's dust rule: within the band, one round's seizure falls as the price falls", () => {
    // 1.05 ETH against 2,050 USDC, LT 0.96, bonus 4% (LT·1.04 = 0.998 > 0.95: the band exists). Both prices keep
    // HF in (0.95, 1) and the collateral above $2,000, so the close factor is 50% of the debt: 1,025.
    const net = network('dust', 5000, [aave33(0.96, 0.04, 1.05, 2050)]);
    const round0 = (r: CascadeResult) => r.rounds[0]!.liquidations[0]!;
    // $1,968 (−1.6%): HF = 2,066.4·0.96/2,050 = 0.968; seizing 1,025·1.04/1,968 = 0.541667 ETH leaves
    // 2,066.4 − 1,066 = $1,000.40 of collateral: allowed.
    const above = run(net, 1968 / 2000 - 1);
    expect(round0(above).repaid).toBeCloseTo(1025, 9);
    expect(round0(above).seized).toBeCloseTo((1025 * 1.04) / 1968, 12);
    // $1,960 (−2%): HF = 0.964; the same half would leave 2,058 − 1,066 = $992 < $1,000 (MustNotLeaveDust), so the
    // repay is lowered to leave exactly $1,000: seized 1.05 − 1,000/1,960 = 0.539796 ETH, repaid 0.539796·1,960/1.04.
    const below = run(net, 1960 / 2000 - 1);
    const seized = 1.05 - 1000 / 1960;
    expect(round0(below).seized).toBeCloseTo(seized, 9);
    expect(round0(below).repaid).toBeCloseTo((seized * 1960) / 1.04, 6); // 1,017.31
    expect(round0(below).seized).toBeLessThan(round0(above).seized - 0.0018);
    // Without feedback the rest follows next round at the same price (docs/model.md §7.1 (2)): all 1.05 ETH either way.
    expect(ethSeized(below, 'aave')).toBeCloseTo(1.05, 12);
    expect(ethSeized(above, 'aave')).toBeCloseTo(1.05, 12);
  });

  it('the shipped two-lenders example: lender-a books less bad debt at ETH −35% than at −30%, and liquidates less at −15% than at −10%', () => {
    const net = parseNetwork(JSON.parse(readFileSync(new URL('../../fixtures/examples/two-lenders-shared-eth.json', import.meta.url), 'utf8')));
    const a = (s: number) => protocol(run(net, s), 'lender-a');
    // ETH −35% ($1,300): a1 (HF 0.719) and a2 (0.771) go whole in round 0 and book 1,500,000 − 1,000·1,300/1.05 =
    // 261,904.76 and 700,000 − 500·1,300/1.05 = 80,952.38; a3 (HF 0.899 <= 0.95) goes whole too, 2,520,000/1,300 =
    // 1,938.5 ETH of its 2,000: no deficit.
    expect(a(-0.35).badDebtBookedUsd).toBeCloseTo(1_500_000 + 700_000 - (1500 * 1300) / 1.05, 6); // 342,857.14
    // ETH −30% ($1,400): a1 and a2 book 166,666.67 + 33,333.33 = 200,000 in round 0; a3 (HF 0.968 > 0.95) goes half
    // at $1,400 and the rest, 1,100 ETH against 1,200,000, a round later at p1 ≈ $689.40 after both lenders' sales
    // (their round-0 sales clear together in the pool; $689.42 when each lender's sale cleared on its own).
    const r30 = run(net, -0.3);
    const p1 = r30.rounds[1]!.market.ETH!;
    expect(p1).toBeCloseTo(689.397, 3);
    // (The example's rate model accrues a minute of interest on the 1,200,000 before round 1: $0.02.)
    expect(protocol(r30, 'lender-a').badDebtBookedUsd).toBeCloseTo(200_000 + 1_200_000 - (1100 * p1) / 1.05, 0); // 677,774.55
    expect(protocol(r30, 'lender-a').badDebtBookedUsd).toBeCloseTo(677_774.55, 1);
    // Collateral liquidated at snapshot prices: 6,946,853 at −10%, 6,825,383 at −15% (positions brought forward).
    expect(a(-0.1).liquidatedCollateralSnapshotUsd).toBeCloseTo(6_946_853, -1);
    expect(a(-0.15).liquidatedCollateralSnapshotUsd).toBeCloseTo(6_825_383, -1);
  });
});
