/**
 * The conservation identity of DESIGN §10 (Engines and liquidators), read from a result's own fields only: per
 * protocol and asset, seized = sold + kept + protocol fee + held by absorbers + redistributed + gas compensation +
 * auction lots returned to the owner (`lotsReturned`; Liquity's surplus in `returnedToOwner` was never seized).
 */
import type { CascadeResult } from '../../src/index.js';

type Entry = { asset: string; amount: number };

const amountOf = (xs: readonly Entry[], asset: string) => xs.filter((x) => x.asset === asset).reduce((s, x) => s + x.amount, 0);

/** Every (protocol, asset) whose identity misses by more than `rel` of its seized amount (plus 1e-9 tokens). */
export function conservationGaps(r: CascadeResult, rel = 1e-9): string[] {
  const out: string[] = [];
  for (const p of r.protocols) {
    const parts = [p.sold, p.kept, p.protocolFee, p.heldByAbsorber, p.redistributed, p.gasCompensation, p.lotsReturned];
    const assets = new Set([...p.seized, ...parts.flat()].map((x) => x.asset));
    for (const a of assets) {
      const seized = amountOf(p.seized, a);
      const accounted = parts.reduce((s, xs) => s + amountOf(xs, a), 0);
      if (Math.abs(seized - accounted) > rel * seized + 1e-9) out.push(`${p.protocol} ${a}: seized ${seized}, accounted for ${accounted}`);
    }
  }
  return out;
}
