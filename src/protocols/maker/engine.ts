/**
 * The `maker` engine (DESIGN §4, §10 "Engines and liquidators"): vaults of each ilk liquidated by Dutch auctions
 * (version 'clip', Liquidations 2.0: dog.sol, clip.sol, abaci.sol) or English auctions (version 'flip',
 * Liquidations 1.0 as on 12 March 2020: cat.sol, flip.sol), interest accrued as jug.drip does. Rules and what is
 * left out: docs/protocols/maker.md.
 */
import { drip } from '../rates/index.js';
import type { Engine, MarketTotals, RoundContext } from '../engine.js';
import { KIND_ABSORB, KIND_AUCTION, type ExecutionAmount } from '../batch.js';
import { withObjectCalls, type ObjectEngine, type ObjectForms } from '../objects.js';
import { MAKER_ACTIONS } from './round.js';
import { executeClip, listClip, type ClipOptions } from './clip-round.js';
import { executeFlip, listFlip } from './flip-round.js';
import { calcPrice } from './abaci.js';
import { debtAt, growDebt, positionId } from '../position-store.js';
import { cloneMaker, compileMaker, type MakerIlkState, type MakerState } from './state.js';
import type { ClipAuction } from '../../network/schema/protocol/maker.js';

export type MakerOptions = ClipOptions;

export const MAKER_DEFAULTS: MakerOptions = {
  resets: true,
};

/** Every Maker execution reports what went back to the vault owner, to the surplus buffer and to the keeper. */
const ALWAYS: readonly ExecutionAmount[] = ['returnedToOwner', 'toReserves', 'keeperIncentive'];
const SHAPES: ObjectForms['shapes'] = Object.assign([], { [KIND_AUCTION]: { always: ALWAYS }, [KIND_ABSORB]: { always: ALWAYS } });

/** The contract functions of Maker's rows (Dog/Clipper, Cat/Flipper), by action code. */
export const MAKER_FORMS: ObjectForms = { engine: 'makerEngine', actions: MAKER_ACTIONS, shapes: SHAPES };

function checkContext(fn: string, ctx: RoundContext): void {
  if (!Number.isFinite(ctx.time) || ctx.time < 0) throw new Error(`${fn}: ctx.time must be a finite number of seconds >= 0, got ${ctx.time}`);
  if (!Number.isFinite(ctx.roundSeconds) || ctx.roundSeconds < 0) throw new Error(`${fn}: ctx.roundSeconds must be a finite number of seconds >= 0, got ${ctx.roundSeconds}`);
}

/** A maker engine with options (DEFAULTS merged with the caller's). */
export function createMakerEngine(options: Partial<MakerOptions> = {}): ObjectEngine<MakerState> {
  const opts: MakerOptions = { ...MAKER_DEFAULTS, ...options };
  if (typeof opts.resets !== 'boolean') throw new Error(`createMakerEngine: resets must be a boolean, got ${String(opts.resets)}`);
  const rows: Engine<MakerState> = {
    family: 'maker',
    compile: compileMaker,
    clone: cloneMaker,
    accrue(state, ctx) {
      checkContext('makerEngine.accrue', ctx);
      for (const m of state.ilks) {
        if (m.duty === 0 || ctx.roundSeconds === 0) continue;
        // jug.drip: rate *= duty^Δt; every vault's art·rate grows by the same factor (auction tabs do not): the
        // store's debt index carries it, as vat.ilks.rate does (every debt slot of the ilk's store is a vault's art).
        const g = drip(m.duty, ctx.roundSeconds);
        m.rate *= g;
        growDebt(m.store, m.debt, g);
      }
    },
    listLiquidatableBatch(state, ctx, out) {
      checkContext('makerEngine.listLiquidatable', ctx);
      if (state.version === 'clip') listClip(state, ctx, opts, out);
      else listFlip(state, ctx, out);
    },
    executeBatch(state, offers, orderRows, repay, count, ctx, out, lot) {
      checkContext('makerEngine.execute', ctx);
      if (state.version === 'clip') executeClip(state, offers, orderRows, repay, count, ctx, opts, out);
      else executeFlip(state, offers, orderRows, repay, count, ctx, lot, out);
    },
    totals: makerTotals,
    insolvency: makerInsolvency,
  };
  return withObjectCalls(rows, MAKER_FORMS);
}

/** The maker engine with the default options. */
export const makerEngine: ObjectEngine<MakerState> = createMakerEngine();

/**
 * Per ilk: vault collateral and debt, booked sin (unrecovered debt and keeper incentives), collateral in open
 * auctions (held), and the reserves (a protocol-wide reserve is reported with the first ilk).
 */
export function makerTotals(state: MakerState): MarketTotals[] {
  const out: MarketTotals[] = [];
  for (let mi = 0; mi < state.ilks.length; mi++) out.push(ilkTotals(state, state.ilks[mi]!, mi));
  return out;
}

function ilkTotals(state: MakerState, m: MakerIlkState, mi: number): MarketTotals {
  const n = state.assetCount;
  const collateral = new Float64Array(n);
  const debt = new Float64Array(n);
  const badDebt = new Float64Array(n);
  const held = new Float64Array(n);
  const reserves = new Float64Array(n);
  vaultSums(m, collateral, debt);
  badDebt[m.debt] = m.sin;
  let lots = 0;
  for (const id of m.book.active) lots += m.book.lot[id]!;
  held[m.collateral] = lots;
  for (const r of state.reserves) if (r.market === mi || (r.market === -1 && mi === 0)) reserves[r.asset]! += r.amount;
  return { market: m.id, collateral, debt, badDebt, held, reserves };
}

/**
 * Σ ink and Σ art·rate over an ilk's vaults, in vault order, into collateral[ilk's collateral] and debt[ilk's debt]:
 * inkOf and debtOf inline, the columns read once (a loop of its own, as storeTotals' passes; the same additions).
 */
function vaultSums(m: MakerIlkState, collateral: Float64Array, debt: Float64Array): void {
  const s = m.store;
  const { inkAt, artAt } = m;
  const amount = s.collAmount;
  let ink = 0;
  let art = 0;
  for (let i = 0; i < s.count; i++) {
    const kc = inkAt[i]!;
    ink += kc >= 0 ? amount[kc]! : 0;
    const kd = artAt[i]!;
    art += kd >= 0 ? debtAt(s, kd) : 0;
  }
  collateral[m.collateral] = ink;
  debt[m.debt] = art;
}

/** Σ over an ilk's vaults of debt·pd − ink·pc where positive, in vault order (inkOf and debtOf inline, as vaultSums). */
function vaultsGap(m: MakerIlkState, pc: number, pd: number): number {
  const s = m.store;
  const { inkAt, artAt } = m;
  const amount = s.collAmount;
  let gap = 0;
  for (let i = 0; i < s.count; i++) {
    const kd = artAt[i]!;
    const kc = inkAt[i]!;
    const x = (kd >= 0 ? debtAt(s, kd) : 0) * pd - (kc >= 0 ? amount[kc]! : 0) * pc;
    if (x > 0) gap += x;
  }
  return gap;
}

/**
 * Net insolvent value per ilk, USD at `prices`: over vaults, debt − collateral where positive; over open
 * auctions, the debt still unrecovered (due − raised) − the lot, where positive.
 */
export function makerInsolvency(state: MakerState, prices: Float64Array): number[] {
  const out: number[] = [];
  for (let mi = 0; mi < state.ilks.length; mi++) out.push(ilkInsolvency(state, state.ilks[mi]!, prices));
  return out;
}

function ilkInsolvency(state: MakerState, m: MakerIlkState, prices: Float64Array): number {
  const pc = prices[m.collateral]!;
  const pd = prices[m.debt]!;
  if (!Number.isFinite(pc) || !Number.isFinite(pd) || pc < 0 || pd < 0)
    throw new Error(`makerEngine.insolvency: prices of "${state.assetIds[m.collateral]}" and "${state.assetIds[m.debt]}" must be finite USD prices >= 0, got ${pc} and ${pd}`);
  let gap = vaultsGap(m, pc, pd);
  for (const id of m.book.active) {
    const owed = m.book.due[id]! - m.book.paid[id]!;
    const x = owed * pd - m.book.lot[id]! * pc;
    if (owed > 0 && x > 0) gap += x;
  }
  return gap;
}

/** One open auction, for reports. */
export interface AuctionView {
  market: string;
  id: number;
  /** Vault the collateral came from (store index) and its id. */
  vault: number;
  vaultId: string;
  lot: number;
  tab: number;
  /** Debt the vow booked at the kick. */
  due: number;
  /** clip: DAI raised so far; flip: current highest bid. */
  bid: number;
  /** clip: current price from calc at `time`, and the kick/redo time; flip: bid expiry (0 = none) and auction end. */
  price?: number;
  tic: number;
  end?: number;
  phase?: 'tend' | 'dent';
}

/** The open auctions of every ilk at run time `time` (seconds). */
export function auctionBook(state: MakerState, time: number): AuctionView[] {
  if (!Number.isFinite(time) || time < 0) throw new Error(`auctionBook: time must be a finite number of seconds >= 0, got ${time}`);
  const out: AuctionView[] = [];
  for (const m of state.ilks) {
    const b = m.book;
    for (const id of b.active) {
      const vault = b.usr[id]!;
      const base = { market: m.id, id, vault, vaultId: positionId(m.store, vault), lot: b.lot[id]!, tab: b.tab[id]!, due: b.due[id]!, bid: b.paid[id]!, tic: b.tic[id]! };
      if (m.auction.kind === 'clip') {
        const c = m.auction as ClipAuction;
        out.push({ ...base, price: calcPrice(c.calc, b.top[id]!, Math.max(0, time - b.tic[id]!)) });
      } else {
        out.push({ ...base, end: b.top[id]!, phase: b.paid[id]! < b.tab[id]! ? 'tend' : 'dent' });
      }
    }
  }
  return out;
}
