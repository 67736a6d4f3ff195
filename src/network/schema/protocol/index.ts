export * from './shared.js';
export * from './aave.js';
export * from './compound.js';
export * from './maker.js';
export * from './liquity.js';
export * from './morpho.js';
export * from './perp.js';
export * from './generic.js';
