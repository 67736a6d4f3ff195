/**
 * perp engine: worked examples by hand from the margin rules of the exchanges' public documents — equity =
 * margin + size·(mark − entry), liquidation when equity < |size|·mark·maintenanceMarginRatio (Hyperliquid
 * "Liquidations": equity below the maintenance margin at the mark price), fee = liquidationFeeRatio × closed notional to the insurance fund (Binance "Liquidation"),
 * loss beyond the margin paid by the insurance fund, then auto-deleveraging of profitable opposite positions
 * ranked by PnL % × effective leverage at the bankruptcy price (MEXC / BitMEX "Auto-Deleveraging"). ETH-USD perp
 * margined in USDC with maintenanceMarginRatio 5%, liquidationFeeRatio 1% (synthetic parameters).
 */
import { describe, expect, it } from 'vitest';
import { assetIndex } from '../../src/protocols/market-store.js';
import type { RoundContext } from '../../src/protocols/engine.js';
import {
  adlRanking,
  bankruptcyPrice,
  createPerpEngine,
  equity,
  liquidationFee,
  maintenanceMargin,
  perpEngine,
  perpHealthFactor,
  type PerpState,
} from '../../src/protocols/perp/index.js';
import { ethPoolNetwork } from '../eth-pool.js';

const ETH = 0;
const USDC = 1;

type Pos = { id: string; margin: number; size: number; entryPrice: number };

/** `fund` null: no `insuranceFund` reserve at all; `mmr` the maintenance margin ratio. */
function net(positions: Pos[], fund: number | null, mmr = 0.05) {
  return ethPoolNetwork({
    name: 'perp test',
    pool: { eth: 10_000, fee: 0.0005 },
    protocols: [
      {
        id: 'perpdex',
        family: 'perp',
        oracle: { kind: 'external' },
        reserves: fund === null ? [] : [{ label: 'insurance fund', kind: 'insuranceFund', asset: 'USDC', amount: fund }],
        markets: [{ id: 'ETH-USD', collaterals: [{ asset: 'USDC' }], underlying: 'ETH', maintenanceMarginRatio: mmr, liquidationFeeRatio: 0.01, positions }],
      },
    ],
  });
}

function compile(positions: Pos[], fund: number | null, engine = perpEngine, mmr = 0.05): PerpState {
  const n = net(positions, fund, mmr);
  return engine.compile(n, n.protocols[0]!, assetIndex(n));
}

function ctx(mark: number): RoundContext {
  return { time: 0, roundSeconds: 60, oraclePrices: [new Float64Array([mark, 1])], marketPrices: new Float64Array([mark, 1]) };
}

function liquidateAll(state: PerpState, mark: number, engine = perpEngine) {
  const c = ctx(mark);
  const offers = engine.listLiquidatable(state, c);
  return { offers, executions: engine.execute(state, offers.map((offer) => ({ offer, repay: offer.maxRepay })), c) };
}

describe('margin arithmetic', () => {
  it('equity, maintenance margin, health factor and bankruptcy price of a long', () => {
    const p = { margin: 2000, marginPrice: 1, size: 10, markPrice: 1880, entryPrice: 2000, maintenanceMarginRatio: 0.05 };
    // equity = 2,000 + 10 × (1,880 − 2,000) = 800; maintenance = 10 × 1,880 × 5% = 940; HF = 0.851.
    expect(equity(p)).toBe(800);
    expect(maintenanceMargin(p)).toBeCloseTo(940, 9);
    expect(perpHealthFactor(p)).toBeCloseTo(800 / 940, 12);
    expect(perpHealthFactor({ ...p, size: 0 })).toBe(Number.MAX_VALUE);
    expect(perpHealthFactor({ ...p, markPrice: 1700 })).toBe(0); // equity −1,000: floored at 0
    // Long 10 at 2,000 with 1,500 margin is bankrupt at 2,000 − 1,500/10 = 1,850; a short 5 at 2,000 with 800 at 2,160.
    expect(bankruptcyPrice({ marginUsd: 1500, size: 10, entryPrice: 2000 })).toBe(1850);
    expect(bankruptcyPrice({ marginUsd: 800, size: -5, entryPrice: 2000 })).toBe(2160);
    expect(liquidationFee({ size: 10, markPrice: 1880, liquidationFeeRatio: 0.01, equity: 800 })).toBeCloseTo(188, 9);
    expect(liquidationFee({ size: 10, markPrice: 1880, liquidationFeeRatio: 0.01, equity: 100 })).toBe(100);
    expect(liquidationFee({ size: 10, markPrice: 1880, liquidationFeeRatio: 0.01, equity: -5 })).toBe(0);
  });

  it('ADL ranking = PnL % × effective leverage (MEXC / BitMEX Auto-Deleveraging)', () => {
    // Short 5 at 1,950, margin 500, mark 1,800: PnL 750, PnL % = 750/9,750; equity 1,250; leverage 9,000/1,250.
    expect(adlRanking({ size: -5, entryPrice: 1950, markPrice: 1800, equity: 1250 })).toBeCloseTo((750 / 9750) * (9000 / 1250), 12);
    expect(adlRanking({ size: -5, entryPrice: 1950, markPrice: 1800, equity: 1250 })).toBeCloseTo(0.553846, 6);
    expect(adlRanking({ size: -3, entryPrice: 1700, markPrice: 1800, equity: 700 })).toBe(0); // losing: not ranked
  });

  it('refuses bad inputs', () => {
    expect(() => equity({ margin: -1, marginPrice: 1, size: 1, markPrice: 1, entryPrice: 1 })).toThrow('equity: margin must be a finite number >= 0, got -1');
    expect(() => maintenanceMargin({ size: 1, markPrice: 1, maintenanceMarginRatio: 1.5 })).toThrow('maintenanceMargin: maintenanceMarginRatio must be in (0, 1), got 1.5');
    expect(() => bankruptcyPrice({ marginUsd: 1, size: 0, entryPrice: 1 })).toThrow('bankruptcyPrice: size must be non-zero');
  });
});

describe('perpEngine: liquidation', () => {
  it('closes an under-margined long by selling it; the fee goes to the fund, the trader keeps the rest', () => {
    const s = compile([{ id: 'L', margin: 2000, size: 10, entryPrice: 2000 }], 10_000);
    expect(perpEngine.listLiquidatable(s, ctx(1900))).toEqual([]); // equity 1,000 > 950
    const { offers, executions } = liquidateAll(s, 1880);
    expect(offers[0]).toMatchObject({ kind: 'liquidation', automatic: true, side: 'sell', collateralAsset: ETH, debtAsset: USDC, maxRepay: 18_800, incentive: 0 });
    const [e] = executions;
    // Sells 10 ETH (notional 18,800 USDC); fee 1% = 188 to the fund; 800 − 188 = 612 USDC stays with the trader.
    expect(e).toMatchObject({ side: 'sell', seized: 10, toTaker: 10, redistributed: 0, repaid: 18_800, badDebt: [], socializedLoss: 0 });
    expect(e!.toReserves).toBeCloseTo(188, 9);
    const tot = perpEngine.totals(s)[0]!;
    expect(tot.reserves[USDC]).toBeCloseTo(10_188, 9);
    expect(tot.collateral[USDC]).toBeCloseTo(612, 9);
    expect(s.markets[0]!.size[0]).toBe(0);
  });

  it('closes an under-margined short by buying it', () => {
    const s = compile([{ id: 'S', margin: 800, size: -5, entryPrice: 2000 }], 0);
    const { executions } = liquidateAll(s, 2130);
    // equity 800 − 5 × 130 = 150 < 5 × 2,130 × 5% = 532.5; fee min(106.5, 150) = 106.5; 43.5 left.
    expect(executions[0]).toMatchObject({ side: 'buy', seized: 5, toTaker: 5, repaid: 10_650 });
    expect(executions[0]!.toReserves).toBeCloseTo(106.5, 9);
    expect(perpEngine.totals(s)[0]!.collateral[USDC]).toBeCloseTo(43.5, 9);
  });

  it('a loss beyond the margin is paid by the insurance fund', () => {
    const s = compile([{ id: 'L', margin: 1500, size: 10, entryPrice: 2000 }], 10_000);
    // Gap to 1,800: equity 1,500 − 2,000 = −500; no fee; the fund pays 500.
    const [e] = liquidateAll(s, 1800).executions;
    expect(e).toMatchObject({ seized: 10, toTaker: 10, redistributed: 0, socializedLoss: 0, badDebt: [] });
    expect(e!.toReserves).toBeCloseTo(-500, 9);
    expect(perpEngine.totals(s)[0]!.reserves[USDC]).toBeCloseTo(9500, 9);
    expect(perpEngine.totals(s)[0]!.badDebt[USDC]).toBe(0);
  });

  it('when the fund runs dry, auto-deleverages the best-ranked profitable shorts at the bankruptcy price', () => {
    const s = compile(
      [
        { id: 'L', margin: 1500, size: 10, entryPrice: 2000 },
        { id: 'S1', margin: 1000, size: -4, entryPrice: 2100 },
        { id: 'S2', margin: 500, size: -5, entryPrice: 1950 },
        { id: 'S3', margin: 1000, size: -3, entryPrice: 1700 },
      ],
      200,
    );
    const { offers, executions } = liquidateAll(s, 1800);
    expect(offers.map((o) => o.ref)).toEqual([0]);
    const [e] = executions;
    // Loss 500: the fund pays 200; 300 left at |1,850 − 1,800| = 50 per ETH → 6 ETH deleveraged, 4 ETH sold.
    // Ranking: S2 0.5538 > S1 0.4675 (S3 is losing). S2 gives its 5 ETH (absorbs 250), S1 gives 1 ETH (absorbs 50).
    expect(e).toMatchObject({ seized: 10, badDebt: [] });
    expect(e!.toTaker).toBeCloseTo(4, 12);
    expect(e!.redistributed).toBeCloseTo(6, 12);
    expect(e!.socializedLoss).toBeCloseTo(300, 9);
    expect(e!.toReserves).toBeCloseTo(-200, 9);
    const m = s.markets[0]!;
    // S2 closes 5 at 1,850: realises 5 × (1,950 − 1,850) = 500 → margin 1,000, flat.
    expect(m.size[2]).toBe(0);
    expect(m.marginAmount[2]).toBeCloseTo(1000, 9);
    // S1 closes 1 at 1,850: realises 250 → margin 1,250, size −3; equity at 1,800 = 1,250 + 900 = 2,150 (was 2,200).
    expect(m.size[1]).toBeCloseTo(-3, 12);
    expect(m.marginAmount[1]).toBeCloseTo(1250, 9);
    expect(m.size[3]).toBe(-3);
    expect(perpEngine.totals(s)[0]!.reserves[USDC]).toBe(0);
    expect(perpEngine.insolvency(s, new Float64Array([1800, 1]))).toEqual([0]);
  });

  it('without ADL (or without counterparties) the uncovered loss is bad debt', () => {
    const engine = createPerpEngine({ adl: false });
    const s = compile(
      [
        { id: 'L', margin: 1500, size: 10, entryPrice: 2000 },
        { id: 'S2', margin: 500, size: -5, entryPrice: 1950 },
      ],
      200,
      engine,
    );
    const [e] = liquidateAll(s, 1800, engine).executions;
    expect(e).toMatchObject({ toTaker: 10, redistributed: 0, socializedLoss: 0 });
    expect(e!.badDebt).toEqual([{ asset: USDC, amount: expect.closeTo(300, 9) }]);
    expect(perpEngine.totals(s)[0]!.badDebt[USDC]).toBeCloseTo(300, 9);
    // With ADL but a counterparty too small: 1 ETH of S gives 50; 250 stays bad debt.
    const t = compile(
      [
        { id: 'L', margin: 1500, size: 10, entryPrice: 2000 },
        { id: 'S', margin: 500, size: -1, entryPrice: 1950 },
      ],
      200,
    );
    const [f] = liquidateAll(t, 1800).executions;
    expect(f!.redistributed).toBeCloseTo(1, 12);
    expect(f!.socializedLoss).toBeCloseTo(50, 9);
    expect(f!.badDebt[0]!.amount).toBeCloseTo(250, 9);
  });

  it('keeps the fee without an insurance fund: an implicit fund starting at 0 takes it (issue #20)', () => {
    // Margin 100, size 1, entry 2,000, mark 1,950, maintenance 0.03, fee 0.01, no insuranceFund reserve:
    // equity 100 + 1 × (1,950 − 2,000) = 50 < 1 × 1,950 × 0.03 = 58.5 → liquidated; fee min(0.01 × 1,950, 50) = 19.5;
    // the trader keeps 50 − 19.5 = 30.5, and the 19.5 goes to the fund — with a fund of 0 or with none.
    for (const fund of [null, 0]) {
      const s = compile([{ id: 'L', margin: 100, size: 1, entryPrice: 2000 }], fund, perpEngine, 0.03);
      const [e] = liquidateAll(s, 1950).executions;
      expect(e!.toReserves).toBeCloseTo(19.5, 12);
      const tot = perpEngine.totals(s)[0]!;
      expect(tot.reserves[USDC]).toBeCloseTo(19.5, 12);
      expect(tot.collateral[USDC]).toBeCloseTo(30.5, 12);
      // Value at the mark is conserved: 50 of equity = 30.5 with the trader + 19.5 in the fund.
      expect(tot.collateral[USDC]! + tot.reserves[USDC]!).toBeCloseTo(50, 12);
    }
  });

  it('auto-deleverages the highest rank first even when a sum falls one ulp short (issue #20)', () => {
    // Mark 1,800, no fund. Shorts at entry 2,000 rank 0.1 × 1,800·|size| / equity (PnL % × effective leverage):
    //   H 1.1 ETH, margin 27.5: 198 / 247.5 = 0.8;  A 40 ETH, margin 2,000: 7,200 / 10,000 = 0.72;
    //   B 23 ETH, margin 13,400: 4,140 / 18,000 = 0.23.
    // L1 (7 ETH, margin 500, entry 2,000): equity 500 − 1,400 = −900, bankrupt at 2,000 − 500/7 = 1,928.57: 7 ETH to
    //   deleverage — H gives 1.1, A gives 7 − 1.1 = 5.9 (in floats 1.1 + 5.9 falls one ulp short of 7). A still has
    //   34.1 ETH and equity 9,241.43 (room 9,241.43 / 128.57 = 71.9 ETH): it must stay first.
    // L2 (10 ETH, margin 500): bankrupt at 1,950, 10 ETH to deleverage — all from A (room 9,241.43 / 150 = 61.6):
    //   A ends at −40 + 5.9 + 10 = −24.1, margin 2,000 + 5.9 × 71.43 + 10 × 50 = 2,921.43; B (0.23) keeps its 23.
    const s = compile(
      [
        { id: 'L1', margin: 500, size: 7, entryPrice: 2000 },
        { id: 'L2', margin: 500, size: 10, entryPrice: 2000 },
        { id: 'H', margin: 27.5, size: -1.1, entryPrice: 2000 },
        { id: 'A', margin: 2000, size: -40, entryPrice: 2000 },
        { id: 'B', margin: 13_400, size: -23, entryPrice: 2000 },
      ],
      0,
      perpEngine,
      0.03,
    );
    expect(adlRanking({ size: -1.1, entryPrice: 2000, markPrice: 1800, equity: 247.5 })).toBeCloseTo(0.8, 12);
    expect(adlRanking({ size: -40, entryPrice: 2000, markPrice: 1800, equity: 10_000 })).toBeCloseTo(0.72, 12);
    expect(adlRanking({ size: -23, entryPrice: 2000, markPrice: 1800, equity: 18_000 })).toBeCloseTo(0.23, 12);
    const { executions } = liquidateAll(s, 1800);
    expect(executions.map((e) => e.redistributed)).toEqual([expect.closeTo(7, 12), expect.closeTo(10, 12)]);
    const m = s.markets[0]!;
    expect(m.size[2]).toBe(0);
    expect(m.size[3]).toBeCloseTo(-24.1, 9);
    expect(m.marginAmount[3]).toBeCloseTo(2000 + 5.9 * (2000 - 500 / 7 - 2000) * -1 + 10 * 50, 9);
    expect(m.size[4]).toBe(-23);
    expect(m.marginAmount[4]).toBe(13_400);
  });

  it('a partial order closes that share of size and margin; the fee can go to the liquidator', () => {
    const s = compile([{ id: 'L', margin: 2000, size: 10, entryPrice: 2000 }], 0);
    const c = ctx(1880);
    const [o] = perpEngine.listLiquidatable(s, c);
    const [e] = perpEngine.execute(s, [{ offer: o!, repay: o!.maxRepay / 2 }], c);
    // Half: 5 ETH with 1,000 margin; equity 1,000 − 600 = 400; fee 94; 306 back to the account → margin 1,306.
    expect(e).toMatchObject({ seized: 5, repaid: 9400 });
    expect(s.markets[0]!.size[0]).toBe(5);
    expect(s.markets[0]!.marginAmount[0]).toBeCloseTo(1306, 9);
    const engine = createPerpEngine({ feeTo: 'liquidator' });
    const t = compile([{ id: 'L', margin: 2000, size: 10, entryPrice: 2000 }], 0, engine);
    const { offers, executions } = liquidateAll(t, 1880, engine);
    expect(offers[0]!.incentive).toBe(0.01);
    expect(executions[0]!.bonus).toBeCloseTo(0.1, 12); // 188 USDC of fee = 0.1 ETH at 1,880
    expect(executions[0]!.toReserves).toBe(0);
  });

  it('refuses bad input with the function and value; a healthy position is never liquidated', () => {
    const s = compile([{ id: 'L', margin: 2000, size: 10, entryPrice: 2000 }], 0);
    const [o] = perpEngine.listLiquidatable(s, ctx(1880));
    expect(perpEngine.execute(s, [{ offer: o!, repay: o!.maxRepay }], ctx(1990))).toEqual([]); // healthy at 1,990
    expect(() => perpEngine.execute(s, [{ offer: o!, repay: -1 }], ctx(1880))).toThrow('perpEngine.execute: order repay must be a finite amount >= 0, got -1');
    expect(() => perpEngine.execute(s, [{ offer: o!, repay: 1e9 }], ctx(1880))).toThrow("exceeds the offer's maxRepay");
    expect(() => perpEngine.listLiquidatable(s, ctx(0))).toThrow('perpEngine.listLiquidatable: mark price of "ETH" in market "ETH-USD" must be a finite USD price > 0, got 0');
    expect(() => createPerpEngine({ feeTo: 'x' as 'liquidator' })).toThrow('createPerpEngine: feeTo must be "insuranceFund" or "liquidator", got x');
    const n = net([], 0);
    const wrong = { ...n.protocols[0]!, reserves: [{ label: 'if', kind: 'insuranceFund' as const, asset: 'ETH', amount: 1 }] };
    expect(() => perpEngine.compile(n, wrong, assetIndex(n))).toThrow('perpEngine.compile: the insurance fund "if" of market "ETH-USD" must be in its margin asset "USDC", got "ETH"');
  });
});
