/** defi-contagion: cascading liquidation loops across DeFi protocols. The package root re-exports every layer. */
export * from './network/index.js';
