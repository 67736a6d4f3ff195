/**
 * What every venue kind of the format shares (DESIGN §1, §3, §10 Venues): the common fields, and the facts about a
 * kind the network layer needs without the market layer (which it cannot import) — what a venue holds at the
 * snapshot, the checks its state needs beyond its schema, how its liquidity deepens, which field holds its state.
 * Each kind states them in its own file here; kinds.ts gathers them.
 */
import type { Asset } from '../asset.js';
import { Id, PositiveSeconds, ShareBelowOne } from '../common.js';
import type { PathSegment } from '../../path.js';
import type { IssueList } from '../../validate/issue-list.js';

export const VenueBase = {
  id: Id,
  /** Label shared by venues that draw on the same liquidity providers (a withdrawal hits them together). */
  provider: Id.optional(),
  /** Arbitrage from outside refills the venue towards the external price with this half-life; none when absent. */
  recoveryHalfLife: PositiveSeconds.optional(),
  fee: ShareBelowOne,
};

/** One kind's facts for the network layer; `V` is the kind's entry in the format. */
export interface VenueFacts<V> {
  /** The field that holds the venue's liquidity (where an assumption about its depth is recorded). */
  stateField: string;
  /** What the venue holds of each coin at the snapshot, whole tokens, at these USD prices by asset id (graph weights, summaries). */
  holdings(v: V, prices: ReadonlyMap<string, number>): number[];
  /** Checks of the state beyond its schema, each issue at its path under `at`. */
  validate(v: V, at: PathSegment[], assets: readonly Asset[], out: IssueList): void;
  /** Deepens the venue in place: `factor` times the amount for the same price impact. */
  deepen(v: V, factor: number): void;
}
