/**
 * The players of the exposure game (DESIGN §6; docs/model.md "The exposure game"): the protocols that can liquidate.
 * Whether a protocol's seized collateral is sold (`sellers`) matters only where its executions hand collateral to a
 * taker or an absorber, or where its owners unwind loops — and every execution and every loop starts from a position
 * in one of its markets. A protocol none of whose markets holds a position (explicit, in a CSV side file, or
 * generated) — an issuer only — never liquidates, never sells, so a run with it in the coalition is the same run as
 * without it: v(S ∪ {i}) = v(S) for every S, a null player (Shapley 1953). Its value is 0 and leaving it out does
 * not change anyone else's. Decided from the network alone, never by running a cascade.
 */
import type { Network, Protocol } from '../network/schema/network.js';

/** Whether any market of the protocol holds a book: a position listed (or a CSV of them) or generated. */
export function holdsBook(protocol: Protocol): boolean {
  return protocol.markets.some((m) => {
    const b = m as { positions?: unknown; generator?: unknown };
    const listed = Array.isArray(b.positions) ? b.positions.length > 0 : b.positions !== undefined && b.positions !== null;
    return listed || (b.generator !== undefined && b.generator !== null);
  });
}

/** The players of the exposure game: the indices (network order) of the protocols that hold a book. */
export function exposurePlayers(network: Network): number[] {
  return network.protocols.flatMap((p, i) => (holdsBook(p) ? [i] : []));
}
