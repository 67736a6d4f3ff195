/**
 * Compiled venue states (DESIGN §3, §10 Venues): one plain object per venue, numeric fields and typed arrays
 * only, so that the clearing's hot loops never touch a Map or a graph object. A state is a value: no function
 * of the market layer mutates one; `apply` returns the next state. Coin indices `i`, `j` are positions in
 * `coins` (asset indices in `network.assets`, or −1 for a venue compiled without a network). Each kind's state
 * is defined in its own file and gathered in the kind registry (kinds.ts).
 */
export type { VenueCommon } from './common.js';
export type { VenueState, VenueStateKind } from './kinds.js';
