export * from './common.js';
export * from './asset.js';
export * from './venue.js';
export * from './rates.js';
export * from './positions.js';
export * from './protocol/index.js';
export * from './network.js';
