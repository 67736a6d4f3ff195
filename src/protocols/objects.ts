/**
 * The object calls of an engine, one adapter over its rows (DESIGN §10 Engines and liquidators): the cascade runs
 * every engine on rows (engine.ts `listLiquidatableBatch`, `executeBatch`); tests and the public API read offers and
 * executions as objects. `withObjectCalls` gives an engine `listLiquidatable` (its rows as Offer objects) and
 * `execute` (the orders put in rows, carried out by `executeBatch`, read back as Execution objects), so that the
 * object form of a family is its rows, nothing more and nothing less.
 */
import type { Engine } from './engine.js';
import type { Execution, Offer, Order, RoundContext } from './types.js';
import { ACTION_NONE, executionsOf, newExecutionBatch, newOfferBatch, OFFER_KINDS, offerKindCode, offersOf, pushOfferObject, type ExecutionShape } from './batch.js';

/** How an engine's rows read as objects. */
export interface ObjectForms {
  /** How the engine names itself in messages ('makerEngine'). */
  engine: string;
  /** The contract functions its rows name by code (code 0, ACTION_NONE, is none: the kind's own, if any). */
  actions?: readonly string[];
  /** By kind code (batch.ts OFFER_KINDS): the contract function and the amounts its executions always report. */
  shapes?: readonly (ExecutionShape | undefined)[];
}

/** The object form of the engine contract: for tests, reports and the public API. */
export interface ObjectCalls<S> {
  /** The offers `listLiquidatableBatch` lists, row by row, as objects. */
  listLiquidatable(state: S, ctx: RoundContext): Offer[];
  /** Carries the orders out with `executeBatch` and returns its executions as objects. */
  execute(state: S, orders: readonly Order[], ctx: RoundContext): Execution[];
  /** How the rows read as objects (the adapter's forms). */
  readonly objectForms?: ObjectForms;
}

/** An engine with its object calls. */
export type ObjectEngine<S> = Engine<S> & ObjectCalls<S>;

/** Column limits of the integer fields an order's offer puts in a row (batch.ts: Uint16 markets and assets, Uint32 refs). */
const LIMITS = [
  ['market', 0xffff],
  ['ref', 0xffffffff],
  ['collateralAsset', 0xffff],
  ['debtAsset', 0xffff],
] as const;

/**
 * The action code of `action` (an offer's or execution's contract function) among the engine's names: ACTION_NONE
 * for none, or for the kind's own function; throws (`where` says who asked) for a function the engine does not call —
 * an engine that names no function per row included (a misspelt action is refused, never read as none).
 */
export function actionCode(forms: ObjectForms, kind: Offer['kind'], action: string | undefined, where: string): number {
  if (action === undefined) return ACTION_NONE;
  const code = forms.actions?.indexOf(action) ?? -1;
  if (code > ACTION_NONE) return code;
  // A kind's own function reads as none; whether the kind fits the offer is the engine's to say, in its words.
  const own = (forms.shapes ?? []).flatMap((x) => (x?.action === undefined ? [] : [x.action]));
  if (own.includes(action)) return ACTION_NONE;
  const calls = [...new Set([...own, ...(forms.actions?.slice(1) ?? [])])];
  throw new Error(`${where} calls "${action}"; ${forms.engine} calls ${calls.length ? calls.map((a) => `"${a}"`).join(', ') : `no named function for kind "${kind}"`}`);
}

/** The order's offer fits the rows: integer fields whole and within their column, a known kind. */
function checkOffer(forms: ObjectForms, o: Offer | undefined, j: number): Offer {
  if (!o || typeof o !== 'object') throw new Error(`${forms.engine}.execute: order ${j} has no offer`);
  if (offerKindCode(o.kind) < 0) throw new Error(`${forms.engine}.execute: order ${j}'s offer has kind "${String(o.kind)}"; expected one of ${OFFER_KINDS.join(', ')}`);
  for (const [field, max] of LIMITS) {
    const x = o[field];
    if (!Number.isInteger(x) || x < 0 || x > max) throw new Error(`${forms.engine}.execute: order ${j}'s offer.${field} must be an integer in [0, ${max}], got ${x}`);
  }
  return o;
}

/**
 * An order's amount as its row holds it: a number is the engine's to check (its own message); anything else is refused
 * here with the value given, which a Float64Array would turn into NaN (`repay: '5'`) or, for `lot: null`, into 0 — a
 * dent to an empty lot where the order meant none. A NaN lot is refused too: in the rows NaN is "no lot named".
 */
function amountOf(forms: ObjectForms, x: unknown, j: number, field: 'repay' | 'lot'): number {
  if (typeof x === 'number' && !(field === 'lot' && Number.isNaN(x))) return x;
  throw new Error(`${forms.engine}.execute: order ${j}'s ${field} must be a finite amount >= 0${field === 'lot' ? ' or absent' : ''}, got ${typeof x === 'string' ? JSON.stringify(x) : String(x)}`);
}

/**
 * The engine with `listLiquidatable` and `execute` as adapters over its row calls (read from the returned engine
 * when called, so that a test's replacement of a row call is what the object calls run).
 */
export function withObjectCalls<S>(engine: Engine<S>, forms: ObjectForms): ObjectEngine<S> {
  const shapes = forms.shapes ?? [];
  const actions = forms.actions ?? [];
  const byKind = shapes.map((x) => x?.action);
  const out: ObjectEngine<S> = {
    ...engine,
    objectForms: forms,
    listLiquidatable(state: S, ctx: RoundContext): Offer[] {
      const b = newOfferBatch();
      out.listLiquidatableBatch(state, ctx, b);
      return offersOf(b, byKind, actions);
    },
    execute(state: S, orders: readonly Order[], ctx: RoundContext): Execution[] {
      const n = orders.length;
      const offers = newOfferBatch(Math.max(1, n));
      const rows = new Uint32Array(n);
      const repay = new Float64Array(n);
      const lot = new Float64Array(n).fill(Number.NaN);
      for (let j = 0; j < n; j++) {
        const order = orders[j]!;
        const o = checkOffer(forms, order?.offer, j);
        rows[j] = pushOfferObject(offers, o, actionCode(forms, o.kind, o.action, `${forms.engine}.execute: order ${j}`));
        repay[j] = amountOf(forms, order.repay, j, 'repay');
        if (order.lot !== undefined) lot[j] = amountOf(forms, order.lot, j, 'lot');
      }
      const done = newExecutionBatch(Math.max(1, n));
      out.executeBatch(state, offers, rows, repay, n, ctx, done, lot);
      return executionsOf(done, shapes, 0, actions);
    },
  };
  return out;
}
