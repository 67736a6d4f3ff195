/**
 * Row calls over object calls, for the tests that check the object form loses nothing (batch-path.test.ts): the
 * offers put in rows, the orders read back as objects, the executions put in rows — every field, the contract
 * function by its code among the engine's names.
 */
import type { Engine } from '../../src/protocols/engine.js';
import type { Execution, Offer, Order, RoundContext } from '../../src/protocols/types.js';
import { ACTION_NONE, offerAt, pushExecutionObject, pushOfferObject } from '../../src/protocols/batch.js';
import { actionCode, type ObjectForms } from '../../src/protocols/objects.js';

/** An engine on objects: the engine contract but for the row calls. */
export type ObjectRules<S> = Omit<Engine<S>, 'listLiquidatableBatch' | 'executeBatch' | 'listPairBatch'> & {
  listObjects(state: S, ctx: RoundContext): Offer[];
  executeObjects(state: S, orders: readonly Order[], ctx: RoundContext): Execution[];
};

/** The Engine whose row calls run the object calls. */
export function rowsOverObjects<S>(rules: ObjectRules<S>, forms: ObjectForms): Engine<S> {
  const { listObjects, executeObjects, ...rest } = rules;
  const names = forms.actions ?? [];
  return {
    ...rest,
    listLiquidatableBatch(state, ctx, out) {
      for (const o of listObjects(state, ctx)) pushOfferObject(out, o, actionCode(forms, o.kind, o.action, `${forms.engine}.listLiquidatable: an offer`));
    },
    executeBatch(state, offers, rows, repay, count, ctx, out, lot) {
      const orders: Order[] = [];
      for (let j = 0; j < count; j++) {
        const r = rows[j]!;
        const offer = offerAt(offers, r, offers.action[r] === ACTION_NONE ? undefined : names[offers.action[r]!]);
        const order: Order = { offer, repay: repay[j]! };
        if (lot && !Number.isNaN(lot[j]!)) order.lot = lot[j]!;
        orders.push(order);
      }
      for (const e of executeObjects(state, orders, ctx)) pushExecutionObject(out, e, actionCode(forms, e.kind, e.action, `${forms.engine}.execute: an execution`));
    },
  };
}
