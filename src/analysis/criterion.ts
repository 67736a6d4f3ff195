/**
 * What a search looks for in a cascade (DESIGN §6 critical shock): bad debt appears, a named protocol becomes
 * insolvent, or a loss above a threshold. Each criterion reads an outcome and gives whether it holds and the measure
 * behind it (USD), so that a scan can also report where the measure itself moves against the shock.
 */
import { z } from 'zod';
import { Id } from '../network/schema/common.js';
import type { Network } from '../network/schema/network.js';
import type { CascadeOutcome } from './outcome.js';
import { formatUsd } from '../util/money.js';

export const Criterion = z.discriminatedUnion('kind', [
  /** Bad debt (booked + net insolvent value) above `aboveUsd` (default $0: any). */
  z.object({ kind: z.literal('badDebt'), aboveUsd: z.number().min(0, 'expected a threshold >= 0 USD').default(0) }).strict(),
  /** The protocol cannot pay its lenders in full (its loss exceeds its reserves). */
  z.object({ kind: z.literal('insolvent'), protocol: Id }).strict(),
  /** A loss above `aboveUsd`: lenders' loss (default), bad debt, or collateral liquidated (tokens at snapshot prices). */
  z
    .object({
      kind: z.literal('loss'),
      aboveUsd: z.number().min(0, 'expected a threshold >= 0 USD'),
      measure: z.enum(['lossToLenders', 'badDebt', 'liquidatedCollateral']).default('lossToLenders'),
    })
    .strict(),
]);

export type Criterion = z.infer<typeof Criterion>;
export type CriterionInput = z.input<typeof Criterion>;

/** Validates a criterion against the network (a named protocol must exist); errors name the calling function. */
export function readCriterion(fn: string, input: unknown, network: Network): Criterion {
  const r = Criterion.safeParse(input);
  if (!r.success) throw new Error(`${fn}: criterion ${r.error.issues.map((i) => `${i.path.join('.') || 'kind'}: ${i.message}`).join('; ')}`);
  const c = r.data;
  if (c.kind === 'insolvent' && !network.protocols.some((p) => p.id === c.protocol))
    throw new Error(`${fn}: criterion.protocol names an unknown protocol "${c.protocol}"; expected one of ${network.protocols.map((p) => `"${p.id}"`).join(', ')}`);
  return c;
}

/** Whether the criterion holds on an outcome, and the measure (USD) it reads. */
export function meets(c: Criterion, o: CascadeOutcome): { met: boolean; value: number } {
  switch (c.kind) {
    case 'badDebt':
      return { met: o.badDebtUsd > c.aboveUsd, value: o.badDebtUsd };
    case 'insolvent': {
      const p = o.protocols.find((x) => x.protocol === c.protocol)!;
      return { met: p.insolvent, value: p.badDebtUsd };
    }
    case 'loss': {
      const value = c.measure === 'lossToLenders' ? o.lossToLendersUsd : c.measure === 'badDebt' ? o.badDebtUsd : o.liquidatedCollateralSnapshotUsd;
      return { met: value > c.aboveUsd, value };
    }
  }
}

/** The criterion in words, for results and the command line. */
export function describeCriterion(c: Criterion): string {
  switch (c.kind) {
    case 'badDebt':
      return c.aboveUsd > 0 ? `bad debt above ${formatUsd(c.aboveUsd)}` : 'bad debt appears';
    case 'insolvent':
      return `${c.protocol} becomes insolvent`;
    case 'loss':
      return `${c.measure === 'lossToLenders' ? 'loss to lenders' : c.measure === 'badDebt' ? 'bad debt' : 'collateral liquidated (snapshot prices)'} above ${formatUsd(c.aboveUsd)}`;
  }
}
