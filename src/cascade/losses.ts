/**
 * Losses after the rounds (DESIGN §5, §10 Losses). Each protocol's loss goes down its family's waterfall, read from
 * the protocol registry (`LossWaterfall`, src/protocols/registry.ts):
 * - reserves kept in the network: bad debt (booked, plus debt still on the books above its collateral at market
 *   prices) is met by the protocol's reserves first (moved by what its engine booked);
 * - reserves kept by the engine (Comet): the engine already charged what absorptions paid out to them, they may go
 *   negative, and the absorbed collateral it still holds, at final market prices, stands beside them: the lenders
 *   lose max(0, −(reserves + held collateral value));
 * - then, where the protocol owes lenders, its lenders (the holders of the tokens it issues);
 * - a backstop outside the lenders: beyond the reserves (MKR through debt auctions; the other troves by
 *   redistribution), or the booked bad debt its insurance fund left (a perp's counterparties).
 * A holding is a claim on its issuer: Eisenberg–Noe / Rogers–Veraart clearing runs on liabilities[B][A] = the value
 * of A's holding of B's tokens, plus liabilities[B][outside] = what B owes lenders outside the network (a sink that
 * owes nothing), B's external assets being its other assets — so holders rank pro rata with B's other lenders, and a
 * holder's loss enters its own waterfall. A token whose issuer cannot pay in full is repriced by the recovery rate.
 */
import { clearingVector } from './clearing-vector.js';
import type { Kernel } from './kernel.js';
import type { RunOutcome } from './run.js';
import type { MarketTotals } from '../protocols/index.js';

export interface ProtocolLoss {
  protocol: string;
  /** Bad debt as the protocol books it (Aave deficit, Maker sin, Comet's uncovered debt, Morpho's realised loss), USD. */
  badDebtBookedUsd: number;
  /** Debt minus collateral over accounts where debt exceeds collateral, marked to market, USD. */
  netInsolventUsd: number;
  /** Reserves (safety module, treasury, surplus buffer, insurance fund) at the end of the rounds, USD (Comet's may be negative). */
  reservesUsd: number;
  /** Part of the loss the reserves absorbed, USD. */
  reservesUsedUsd: number;
  /** Loss on holdings of other protocols' tokens, USD. */
  holdingLossUsd: number;
  /** What the protocol's lenders lose after reserves (their tokens' shortfall), USD. */
  lossToLendersUsd: number;
  /** Loss borne by a backstop outside the lenders: MKR (Maker), the other troves (Liquity), counterparties (perp ADL), USD. */
  lossToBackstopUsd: number;
  /** Lenders recover this share of what they are owed (1 when solvent). */
  recoveryRate: number;
  insolvent: boolean;
}

export interface LossOutcome {
  protocols: ProtocolLoss[];
  /** Price factor per asset index for tokens whose issuer cannot pay its lenders in full (1 elsewhere). */
  tokenFactors: Float64Array;
  /** Whether the holdings needed a clearing (Eisenberg–Noe) and how many rounds of defaults it found. */
  clearing: { used: boolean; rounds: number; defaulted: string[] };
  /** Each protocol's engine totals at the end of the run (read once: a pass over every position). */
  totals: MarketTotals[][];
  /** Each protocol's net insolvent value per market, USD at final market prices (`engine.insolvency`). */
  insolvencyByMarket: number[][];
}

/** Each protocol's own losses and buffers at the end of the run, USD at final market prices. */
interface OwnLosses {
  booked: Float64Array;
  insolvent: Float64Array;
  reserves: Float64Array;
  heldUsd: Float64Array;
  /** What each protocol owes its lenders. */
  owed: Float64Array;
  /** What a backstop outside the lenders bears already (socialized, or a perp's booked bad debt). */
  backstop: Float64Array;
  totals: MarketTotals[][];
  insolvencyByMarket: number[][];
}

/** Reads every engine's totals and insolvency once, and what each protocol's waterfall starts from. */
function ownLosses(k: Kernel, run: RunOutcome): OwnLosses {
  const P = k.protocols.length;
  const price = run.finalMarket;
  const o: OwnLosses = { booked: new Float64Array(P), insolvent: new Float64Array(P), reserves: new Float64Array(P), heldUsd: new Float64Array(P), owed: new Float64Array(P), backstop: new Float64Array(P), totals: [], insolvencyByMarket: [] };
  for (let i = 0; i < P; i++) {
    const p = k.protocols[i]!;
    const eng = run.engines[i]!;
    const st = run.states[i];
    const totals = eng.totals(st);
    o.totals.push(totals);
    o.booked[i] = totalsUsd(totals, 'badDebt', price);
    const byMarket = eng.insolvency(st, price);
    o.insolvencyByMarket.push(byMarket);
    o.insolvent[i] = sumOf(byMarket);
    o.heldUsd[i] = totalsUsd(totals, 'held', price);
    // Some engines keep their reserves (Comet); the others' start in the network, moved by what the engines booked.
    const w = k.protocols[i]!.losses;
    o.reserves[i] = w.reserves === 'engine' ? totalsUsd(totals, 'reserves', price) : usdAt(p.reserves, price) + usdAt(run.flows[i]!.toReserves, price);
    // What the protocol owes its lenders: the live supply of what it lends (after withdrawals and interest), or
    // its debt on the books where the fixture gives no supply.
    let supplied = 0;
    if (w.owesLenders) {
      for (const book of eng.books?.(st) ?? []) {
        for (const b of book.borrowables) {
          const t = totals[book.market]!;
          supplied += (b.supply > 0 ? b.supply : t.debt[b.asset]! + t.badDebt[b.asset]!) * price[b.asset]!;
        }
      }
    }
    o.owed[i] = supplied;
    // A perp's loss beyond its insurance fund falls on its counterparties: auto-deleveraged, or left unpaid.
    o.backstop[i] = usdAt(run.flows[i]!.socializedLoss, price) + (w.backstop === 'booked-bad-debt' ? o.booked[i]! : 0);
  }
  return o;
}

/** Σ_a xs[a]·price[a], from 0 in asset order (module-level: a closure per call is recompiled after each full GC). */
export function usdAt(xs: Float64Array, price: Float64Array): number {
  let s = 0;
  for (let a = 0; a < xs.length; a++) s = s + xs[a]! * price[a]!;
  return s;
}

/** Σ over markets of usdAt(one totals column), in market order. */
export function totalsUsd(totals: MarketTotals[], column: 'badDebt' | 'held' | 'reserves', price: Float64Array): number {
  let s = 0;
  for (let m = 0; m < totals.length; m++) s = s + usdAt(totals[m]![column], price);
  return s;
}

function sumOf(xs: number[]): number {
  let s = 0;
  for (let m = 0; m < xs.length; m++) s = s + xs[m]!;
  return s;
}

/**
 * Holdings: A holds B's tokens. liabilities[B][A] = value held (the sink, index P, stands for outside lenders, filled
 * later); `held[A]` the value A holds; `issuerOf` each issued asset's protocol.
 */
function holdingClaims(k: Kernel, run: RunOutcome, owed: Float64Array): { L: number[][]; held: Float64Array; issuerOf: Map<number, number> } {
  const P = k.protocols.length;
  const price = run.finalMarket;
  const issuerOf = new Map<number, number>();
  k.network.assets.forEach((a, ai) => {
    if (a.issuer !== undefined) issuerOf.set(ai, k.protocols.findIndex((p) => p.id === a.issuer));
  });
  const L = Array.from({ length: P + 1 }, () => new Array<number>(P + 1).fill(0));
  const held = new Float64Array(P);
  for (const h of k.network.holdings) {
    const ai = k.assetIndex.get(h.asset)!;
    const b = issuerOf.get(ai)!;
    const a = k.protocols.findIndex((p) => p.id === h.holder);
    const value = h.amount * price[ai]! / run.tokenFactors[ai]!;
    // A claim on an issuer that owes its holders nothing here (DAI, LUSD: made whole by MKR or the troves) loses nothing.
    if (owed[b]! > 0) {
      L[b]![a]! += value;
      held[a]! += value;
    }
  }
  return { L, held, issuerOf };
}

export function computeLosses(k: Kernel, run: RunOutcome): LossOutcome {
  const n = k.assetIds.length;
  const P = k.protocols.length;
  const price = run.finalMarket;
  const { booked, insolvent, reserves, heldUsd, owed, backstop, totals: allTotals, insolvencyByMarket } = ownLosses(k, run);
  const { L, held, issuerOf } = holdingClaims(k, run, owed);
  // An engine that keeps its reserves (Comet) holds what it absorbed as their asset until sold (DESIGN §10 Losses).
  const engineBuffer = (i: number) => reserves[i]! + heldUsd[i]!;
  const own = (i: number) => {
    if (k.protocols[i]!.losses.reserves === 'engine') return Math.max(0, -engineBuffer(i)) + insolvent[i]!;
    return booked[i]! + insolvent[i]!;
  };
  const reserveCover = (i: number) => (k.protocols[i]!.losses.reserves === 'engine' ? 0 : Math.max(0, reserves[i]!));
  const e = new Array<number>(P + 1).fill(0);
  for (let b = 0; b < P; b++) {
    const toHolders = L[b]!.reduce((s, x) => s + x, 0);
    L[b]![P] = Math.max(0, owed[b]! - toHolders);
    // External assets: what B owes, plus reserves, less its own loss, less the holdings it will receive through the clearing.
    e[b] = owed[b]! > 0 ? Math.max(0, owed[b]! + reserveCover(b) - own(b) - (held[b]! - 0)) : 0;
  }
  const anyHolding = k.network.holdings.length > 0 && held.some((x) => x > 0);
  let payments: number[];
  let rounds = 0;
  let defaulted: string[] = [];
  if (anyHolding) {
    const cv = clearingVector(L, e);
    payments = cv.payments;
    rounds = cv.rounds;
    defaulted = cv.defaulted.flatMap((d, i) => (d && i < P ? [k.protocols[i]!.id] : []));
  } else {
    payments = Array.from({ length: P + 1 }, (_, b) => (b < P ? Math.min(owed[b]!, e[b]!) : 0));
  }
  const recovery = new Float64Array(P).fill(1);
  for (let b = 0; b < P; b++) if (owed[b]! > 0) recovery[b] = Math.min(1, payments[b]! / owed[b]!);
  const tokenFactors = new Float64Array(n).fill(1);
  // The recovery rate is computed on the whole loss so far: it replaces, not compounds, the previous factor.
  for (const [ai, b] of issuerOf) if (b >= 0 && owed[b]! > 0) tokenFactors[ai] = recovery[b]!;

  const protocols: ProtocolLoss[] = k.protocols.map((p, i) => {
    let holdingLoss = 0;
    for (let b = 0; b < P; b++) holdingLoss += L[b]![i]! * (1 - recovery[b]!);
    const loss = own(i) + holdingLoss;
    const cover = reserveCover(i);
    const w = k.protocols[i]!.losses;
    const reservesUsed = w.reserves === 'engine' ? Math.min(Math.max(0, usdAt(p.reserves, price) - engineBuffer(i)), usdAt(p.reserves, price)) : Math.min(cover, loss);
    const toLenders = owed[i]! > 0 ? owed[i]! - Math.min(owed[i]!, payments[i]!) : 0;
    const toBackstop = w.backstop === 'beyond-reserves' ? Math.max(0, loss - cover) : backstop[i]!;
    return {
      protocol: p.id,
      badDebtBookedUsd: booked[i]!,
      netInsolventUsd: insolvent[i]!,
      reservesUsd: reserves[i]!,
      reservesUsedUsd: reservesUsed,
      holdingLossUsd: holdingLoss,
      lossToLendersUsd: toLenders,
      lossToBackstopUsd: toBackstop,
      recoveryRate: recovery[i]!,
      insolvent: toLenders > 1e-9 * Math.max(1, owed[i]!),
    };
  });
  return { protocols, tokenFactors, clearing: { used: anyHolding, rounds, defaulted }, totals: allTotals, insolvencyByMarket };
}
