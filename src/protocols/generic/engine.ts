/**
 * The `generic` liquidation engine (DESIGN §4): the classic multi-collateral lender of the earlier generation —
 * Aave v2 and Compound v2 (fixed close factor), and isolated single-collateral lenders (Fraxlend pairs, Abracadabra
 * cauldrons, Inverse) as the one-collateral case — run by the store-based lender (src/protocols/lender) with its
 * rules as data (rules.ts). The liquidator takes the collateral and sells it; there is no deficit accounting, so
 * booked bad debt is always 0 and a shortfall shows as insolvency only.
 */
import type { ObjectEngine } from '../objects.js';
import { lenderEngine, type LenderMarketState, type LenderState } from '../lender/index.js';
import { genericLender } from './rules.js';

/** The rules it stands for ('aave-v2', 'compound-v2', 'fraxlend', …) in `version`, when the fixture says. */
export type GenericState = LenderState<string | undefined>;
export type GenericMarketState = LenderMarketState<string | undefined>;

export const genericEngine: ObjectEngine<GenericState> = lenderEngine(genericLender);

/** Engine.compile: every market's positions, tables, close factor and index; no markets, an empty state. */
export const compileGeneric = genericEngine.compile;
