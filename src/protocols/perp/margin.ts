/**
 * Margin arithmetic of a linear (USD-quoted) perpetual future, isolated margin: equity, maintenance margin,
 * bankruptcy price, liquidation fee and the auto-deleveraging ranking. Conventions of the exchanges' public
 * documents: BitMEX/Binance/MEXC "Liquidation" and "Auto-Deleveraging" pages (ranking = PnL percentage ×
 * effective leverage, effective leverage = |mark value| / |mark value − bankruptcy value|; ADL fills at the
 * bankrupt position's bankruptcy price), Hyperliquid "Liquidations" (liquidated when equity < maintenance margin, a
 * fraction of the position's value at the mark price).
 * Maths in docs/protocols/perp.md.
 */

function check(fn: string, name: string, x: number, positive = false): void {
  if (!Number.isFinite(x) || x < 0 || (positive && x === 0)) throw new Error(`${fn}: ${name} must be a finite number ${positive ? '> 0' : '>= 0'}, got ${x}`);
}

function checkSize(fn: string, size: number): void {
  if (!Number.isFinite(size)) throw new Error(`${fn}: size must be a finite signed amount of the underlying, got ${size}`);
}

/** Account equity in USD: margin × margin-asset price + size × (mark − entry). */
export function equity(p: { margin: number; marginPrice: number; size: number; markPrice: number; entryPrice: number }): number {
  const f = 'equity';
  check(f, 'margin', p.margin);
  check(f, 'marginPrice', p.marginPrice, true);
  checkSize(f, p.size);
  check(f, 'markPrice', p.markPrice, true);
  check(f, 'entryPrice', p.entryPrice, true);
  return p.margin * p.marginPrice + p.size * (p.markPrice - p.entryPrice);
}

/** Maintenance margin in USD: |size| × mark × maintenanceMarginRatio. */
export function maintenanceMargin(p: { size: number; markPrice: number; maintenanceMarginRatio: number }): number {
  const f = 'maintenanceMargin';
  checkSize(f, p.size);
  check(f, 'markPrice', p.markPrice, true);
  if (!(p.maintenanceMarginRatio > 0 && p.maintenanceMarginRatio < 1)) throw new Error(`${f}: maintenanceMarginRatio must be in (0, 1), got ${p.maintenanceMarginRatio}`);
  return Math.abs(p.size) * p.markPrice * p.maintenanceMarginRatio;
}

/**
 * equity / maintenance margin: below 1 the exchange liquidates (equity < |size|·mark·mmr). Floored at 0 for a
 * bankrupt account; Number.MAX_VALUE for a flat one (never Infinity).
 */
export function perpHealthFactor(p: { margin: number; marginPrice: number; size: number; markPrice: number; entryPrice: number; maintenanceMarginRatio: number }): number {
  const e = equity(p);
  const mm = maintenanceMargin(p);
  return healthFactorOf(e, mm);
}

/** Unchecked health factor from equity and maintenance margin (USD). */
export function healthFactorOf(equityUsd: number, maintenanceUsd: number): number {
  if (!(maintenanceUsd > 0)) return Number.MAX_VALUE;
  const hf = equityUsd / maintenanceUsd;
  return hf <= 0 ? 0 : hf < Number.MAX_VALUE ? hf : Number.MAX_VALUE;
}

/** The mark at which equity is 0: entry − marginUsd / size (above the mark for an underwater long, below for a short). */
export function bankruptcyPrice(p: { marginUsd: number; size: number; entryPrice: number }): number {
  const f = 'bankruptcyPrice';
  check(f, 'marginUsd', p.marginUsd);
  checkSize(f, p.size);
  if (p.size === 0) throw new Error(`${f}: size must be non-zero (a flat position has no bankruptcy price), got 0`);
  check(f, 'entryPrice', p.entryPrice, true);
  return p.entryPrice - p.marginUsd / p.size;
}

/** The liquidation fee, USD: liquidationFeeRatio of the closed notional, out of what equity is left (none when bankrupt). */
export function liquidationFee(p: { size: number; markPrice: number; liquidationFeeRatio: number; equity: number }): number {
  const f = 'liquidationFee';
  checkSize(f, p.size);
  check(f, 'markPrice', p.markPrice, true);
  if (!(p.liquidationFeeRatio >= 0 && p.liquidationFeeRatio < 1)) throw new Error(`${f}: liquidationFeeRatio must be in [0, 1), got ${p.liquidationFeeRatio}`);
  if (!Number.isFinite(p.equity)) throw new Error(`${f}: equity must be a finite USD amount, got ${p.equity}`);
  return feeOf(Math.abs(p.size) * p.markPrice, p.liquidationFeeRatio, p.equity);
}

/** Unchecked fee: min(ratio × notional, max(0, equity)). */
export function feeOf(notional: number, ratio: number, equityUsd: number): number {
  return Math.min(ratio * notional, equityUsd > 0 ? equityUsd : 0);
}

/**
 * ADL ranking of a profitable position (higher is deleveraged first): PnL percentage × effective leverage, with
 * PnL % = unrealised PnL / |entry value| and effective leverage = |mark value| / equity (|mark value − bankruptcy
 * value| is the equity). 0 for a position without profit or equity.
 */
export function adlRanking(p: { size: number; entryPrice: number; markPrice: number; equity: number }): number {
  const f = 'adlRanking';
  checkSize(f, p.size);
  check(f, 'entryPrice', p.entryPrice, true);
  check(f, 'markPrice', p.markPrice, true);
  if (!Number.isFinite(p.equity)) throw new Error(`${f}: equity must be a finite USD amount, got ${p.equity}`);
  return rankingOf(p.size, p.entryPrice, p.markPrice, p.equity);
}

/** Unchecked ADL ranking. */
export function rankingOf(size: number, entry: number, mark: number, equityUsd: number): number {
  const pnl = size * (mark - entry);
  if (!(pnl > 0) || !(equityUsd > 0)) return 0;
  const notional = Math.abs(size);
  return (pnl / (notional * entry)) * ((notional * mark) / equityUsd);
}
