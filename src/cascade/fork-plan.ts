/**
 * Where a family's run copies itself for the members still to run, besides rounds 64·2^k (docs/model.md "Runs that
 * share their start"): the run of S' is the run of S up to the start of the round in which a protocol of S △ S' first
 * offers a sale, so the best copy for S' is taken at the start of that round. A run does not know it in advance; the
 * runs already made with the same preparation do: a run nearest to S (fewest protocols flipped) most likely offers as S
 * does, and an earlier member of the family is S's own run up to where they first differ. The plan is a guess: a copy
 * is used only where the run's own offers prove it valid (coalition-forks.ts `forkValid`), so it changes what the
 * runs cost, never what they give.
 */

/** A run made with this preparation: its coalition and the round each protocol first offered a sale (−1: never). */
export interface SeenRun {
  sellers: Uint8Array;
  firstOffer: Int32Array;
}

/** Protocols on which coalitions a and b differ. */
function distance(a: Uint8Array, b: Uint8Array): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) d++;
  return d;
}

/** Per protocol, the earliest first offer in the seen runs nearest to `sellers` (−1: none of them offered). */
export function predictedFirstOffers(seen: readonly SeenRun[], sellers: Uint8Array): Int32Array {
  const out = new Int32Array(sellers.length).fill(-1);
  const d = Int32Array.from(seen, (r) => distance(r.sellers, sellers));
  let nearest = Infinity;
  for (const x of d) nearest = Math.min(nearest, x);
  for (let j = 0; j < seen.length; j++) {
    if (d[j] !== nearest) continue;
    const r = seen[j]!;
    for (let i = 0; i < out.length; i++) {
      const f = r.firstOffer[i]!;
      if (f >= 0 && (out[i]! < 0 || f < out[i]!)) out[i] = f;
    }
  }
  return out;
}

/**
 * Rounds (> 0) at whose start the run of `sellers` is planned to copy itself: per member of `rest`, the earliest
 * predicted first offer of a protocol on which it differs from `sellers` — the last start the two runs likely share.
 */
export function plannedRounds(seen: readonly SeenRun[], sellers: Uint8Array, rest: readonly Uint8Array[]): Set<number> {
  const planned = new Set<number>();
  if (!seen.length || !rest.length) return planned;
  const first = predictedFirstOffers(seen, sellers);
  for (const m of rest) {
    let q = Infinity;
    for (let i = 0; i < m.length; i++) if (m[i] !== sellers[i] && first[i]! >= 0) q = Math.min(q, first[i]!);
    if (q > 0 && q < Infinity) planned.add(q);
  }
  return planned;
}
