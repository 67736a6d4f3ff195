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

function sumOf(xs: readonly number[]): number {
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
  const assets = k.network.assets;
  for (let ai = 0; ai < assets.length; ai++) if (assets[ai]!.issuer !== undefined) issuerOf.set(ai, protocolIndex(k, assets[ai]!.issuer!));
  const L: number[][] = [];
  for (let b = 0; b <= P; b++) L.push(new Array<number>(P + 1).fill(0));
  const held = new Float64Array(P);
  for (const h of k.network.holdings) {
    const ai = k.assetIndex.get(h.asset)!;
    const b = issuerOf.get(ai)!;
    const a = protocolIndex(k, h.holder);
    const value = h.amount * price[ai]! / run.tokenFactors[ai]!;
    // A claim on an issuer that owes its holders nothing here (DAI, LUSD: made whole by MKR or the troves) loses nothing.
    if (owed[b]! > 0) {
      L[b]![a]! += value;
      held[a]! += value;
    }
  }
  return { L, held, issuerOf };
}

/** The index of protocol `id` in the kernel, −1 if none (a loop: a `findIndex` closure per call is recompiled after each full GC). */
function protocolIndex(k: Kernel, id: string): number {
  for (let i = 0; i < k.protocols.length; i++) if (k.protocols[i]!.id === id) return i;
  return -1;
}

/** What an engine that keeps its reserves (Comet) has to meet losses: its reserves and what it absorbed, held until sold (DESIGN §10 Losses). */
function engineBuffer(o: OwnLosses, i: number): number {
  return o.reserves[i]! + o.heldUsd[i]!;
}

/** Protocol i's own loss before holdings: past its engine's buffer where the engine keeps reserves, else booked bad debt; plus net insolvency. */
function ownLoss(k: Kernel, o: OwnLosses, i: number): number {
  if (k.protocols[i]!.losses.reserves === 'engine') return Math.max(0, -engineBuffer(o, i)) + o.insolvent[i]!;
  return o.booked[i]! + o.insolvent[i]!;
}

/** What protocol i's reserves in the network can cover (none where the engine keeps them: already in its buffer). */
function reserveCover(k: Kernel, o: OwnLosses, i: number): number {
  return k.protocols[i]!.losses.reserves === 'engine' ? 0 : Math.max(0, o.reserves[i]!);
}

export function computeLosses(k: Kernel, run: RunOutcome): LossOutcome {
  const n = k.assetIds.length;
  const P = k.protocols.length;
  const o = ownLosses(k, run);
  const owed = o.owed;
  const { L, held, issuerOf } = holdingClaims(k, run, owed);
  const e = new Array<number>(P + 1).fill(0);
  for (let b = 0; b < P; b++) {
    const toHolders = sumOf(L[b]!);
    L[b]![P] = Math.max(0, owed[b]! - toHolders);
    // External assets: what B owes, plus reserves, less its own loss, less the holdings it will receive through the clearing.
    e[b] = owed[b]! > 0 ? Math.max(0, owed[b]! + reserveCover(k, o, b) - ownLoss(k, o, b) - (held[b]! - 0)) : 0;
  }
  const anyHolding = k.network.holdings.length > 0 && anyPositive(held);
  let payments: number[];
  let rounds = 0;
  const defaulted: string[] = [];
  if (anyHolding) {
    const cv = clearingVector(L, e);
    payments = cv.payments;
    rounds = cv.rounds;
    for (let i = 0; i < P; i++) if (cv.defaulted[i]) defaulted.push(k.protocols[i]!.id);
  } else {
    payments = [];
    for (let b = 0; b <= P; b++) payments.push(b < P ? Math.min(owed[b]!, e[b]!) : 0);
  }
  const recovery = new Float64Array(P).fill(1);
  for (let b = 0; b < P; b++) if (owed[b]! > 0) recovery[b] = Math.min(1, payments[b]! / owed[b]!);
  const tokenFactors = new Float64Array(n).fill(1);
  // The recovery rate is computed on the whole loss so far: it replaces, not compounds, the previous factor.
  for (const [ai, b] of issuerOf) if (b >= 0 && owed[b]! > 0) tokenFactors[ai] = recovery[b]!;
  const protocols: ProtocolLoss[] = [];
  for (let i = 0; i < P; i++) {
    let holdingLoss = 0;
    for (let b = 0; b < P; b++) holdingLoss += L[b]![i]! * (1 - recovery[b]!);
    protocols.push(protocolLoss(k, o, i, holdingLoss, recovery[i]!, payments[i]!, run.finalMarket));
  }
  return { protocols, tokenFactors, clearing: { used: anyHolding, rounds, defaulted }, totals: o.totals, insolvencyByMarket: o.insolvencyByMarket };
}

function anyPositive(xs: Float64Array): boolean {
  for (let i = 0; i < xs.length; i++) if (xs[i]! > 0) return true;
  return false;
}

/** Protocol i's losses down its waterfall, given its loss on holdings, its recovery rate and what the clearing paid its lenders. */
function protocolLoss(k: Kernel, o: OwnLosses, i: number, holdingLoss: number, recovery: number, paid: number, price: Float64Array): ProtocolLoss {
  const p = k.protocols[i]!;
  const owed = o.owed[i]!;
  const loss = ownLoss(k, o, i) + holdingLoss;
  const cover = reserveCover(k, o, i);
  const w = p.losses;
  const reservesUsed = w.reserves === 'engine' ? Math.min(Math.max(0, usdAt(p.reserves, price) - engineBuffer(o, i)), usdAt(p.reserves, price)) : Math.min(cover, loss);
  const toLenders = owed > 0 ? owed - Math.min(owed, paid) : 0;
  const toBackstop = w.backstop === 'beyond-reserves' ? Math.max(0, loss - cover) : o.backstop[i]!;
  return {
    protocol: p.id,
    badDebtBookedUsd: o.booked[i]!,
    netInsolventUsd: o.insolvent[i]!,
    reservesUsd: o.reserves[i]!,
    reservesUsedUsd: reservesUsed,
    holdingLossUsd: holdingLoss,
    lossToLendersUsd: toLenders,
    lossToBackstopUsd: toBackstop,
    recoveryRate: recovery,
    insolvent: toLenders > 1e-9 * Math.max(1, owed),
  };
}
