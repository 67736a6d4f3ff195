/** The maker engine: Liquidations 2.0 (clip) and 1.0 (flip) auctions of vaults (docs/protocols/maker.md). */
export { makerEngine, createMakerEngine, MAKER_DEFAULTS, makerTotals, makerInsolvency, auctionBook, type MakerOptions, type AuctionView } from './engine.js';
export { compileMaker, cloneMaker, type MakerState, type MakerIlkState, type MakerReserve } from './state.js';
export { linearDecrease, stairstepExponentialDecrease, exponentialDecrease, calcPrice } from './abaci.js';
export { spot, isUnsafe, vaultHealthFactor, PAR } from './vault.js';
export { bark, type BarkAmounts, type BarkRefusal } from './dog.js';
export { bite, biteAll, type BiteAmounts } from './cat.js';
export { take, status, chost, kickIncentive, redoIncentive, type TakeResult } from './clipper.js';
export { flipStatus, tendMinBid, tendRefusal, dentMaxLot, dentRefusal, FLIP_MIN_BID, type FlipStatus } from './flipper.js';
