/**
 * The protocol family registry (DESIGN §4, §10 Engines and liquidators, Losses): one entry per family — its engine,
 * configured by the cascade's switches, and its loss waterfall as data. The cascade asks this registry and never
 * names a family; a new family adds its folder and one entry here (its schema and validation rules live in
 * src/network, which cannot import this layer).
 */
import type { ProtocolFamily } from '../network/schema/network.js';
import type { Engine } from './engine.js';
import { aaveV3Engine } from './aave-v3/index.js';
import { compoundV3Engine } from './compound-v3/index.js';
import { eulerV2Engine } from './euler-v2/index.js';
import { genericEngine } from './generic/index.js';
import { createLiquityEngine } from './liquity/index.js';
import { createMakerEngine } from './maker/index.js';
import { morphoBlueEngine } from './morpho-blue/index.js';
import { createPerpEngine } from './perp/index.js';

/** Switches of the engines that the cascade sets (DESIGN §5's plain configuration turns the first two off). */
export interface EngineSwitches {
  /** Liquity v1 recovery mode (TCR < CCR). */
  liquityRecoveryMode: boolean;
  /** Maker Clipper resets (`redo` after `tail` or below `cusp`). */
  auctionResets: boolean;
  /** Share of its collateral gains a Liquity stability pool sells. */
  stabilityPoolSellShare: number;
}

/**
 * Where a family's loss goes (DESIGN §10 Losses; docs/contagion.md):
 * - `reserves`: `'network'` — the fixture's reserves, moved by what the engine booked (`Execution.toReserves`), cover
 *   the loss first; `'engine'` — the engine keeps the reserves in its totals and has already charged what it paid out
 *   to them (Comet): they may go negative, the collateral it holds (`totals().held`, at final market prices) stands
 *   beside them, and the lenders lose max(0, −(reserves + held));
 * - `owesLenders`: the protocol owes its lenders the live supply of what it lends (the holders of the tokens it issues
 *   rank with them in the clearing); false where its token holders are made whole by a backstop (DAI, LUSD) or it
 *   lends nothing (perp);
 * - `backstop`: who bears what reserves do not cover outside the lenders — `'none'`; `'beyond-reserves'` (MKR through
 *   debt auctions, the other troves by redistribution); `'booked-bad-debt'` (a perp's counterparties bear the bad debt
 *   its insurance fund did not cover).
 */
export interface LossWaterfall {
  reserves: 'network' | 'engine';
  owesLenders: boolean;
  backstop: 'none' | 'beyond-reserves' | 'booked-bad-debt';
}

/** One family's entry. */
export interface FamilyRules {
  /** The family's engine under the run's switches. */
  engine(switches: EngineSwitches): Engine<unknown>;
  losses: LossWaterfall;
}

const LENDER: LossWaterfall = { reserves: 'network', owesLenders: true, backstop: 'none' };

/*
 * Engines are stateless (their options are fixed when made), so each configuration a run asks for is made once, here:
 * made per run, every run brought new functions and objects of the same code, whose optimised code V8 threw away and
 * compiled again as runs followed each other (docs/scale.md "Object shapes"). A stability pool that sells a share of
 * its gains (any share in [0, 1]) is the one switch with more values than a table holds: that engine is made per run.
 */
const MAKER = { resets: createMakerEngine({ resets: true }), noResets: createMakerEngine({ resets: false }) };
const LIQUITY = { recoveryMode: createLiquityEngine({ recoveryMode: true }), noRecoveryMode: createLiquityEngine({ recoveryMode: false }) };
const PERP = createPerpEngine();

function liquityEngineFor(s: EngineSwitches): Engine<unknown> {
  if (s.stabilityPoolSellShare !== 0) return createLiquityEngine({ recoveryMode: s.liquityRecoveryMode, spSellShare: s.stabilityPoolSellShare }) as Engine<unknown>;
  return (s.liquityRecoveryMode ? LIQUITY.recoveryMode : LIQUITY.noRecoveryMode) as Engine<unknown>;
}

/** Every family the network schema accepts (the mapped type makes a missing entry a compile error). */
export const FAMILIES: { readonly [F in ProtocolFamily]: FamilyRules } = {
  'aave-v3': { engine: () => aaveV3Engine as Engine<unknown>, losses: LENDER },
  generic: { engine: () => genericEngine as Engine<unknown>, losses: LENDER },
  'morpho-blue': { engine: () => morphoBlueEngine as Engine<unknown>, losses: LENDER },
  'compound-v3': { engine: () => compoundV3Engine as Engine<unknown>, losses: { reserves: 'engine', owesLenders: true, backstop: 'none' } },
  maker: { engine: (s) => (s.auctionResets ? MAKER.resets : MAKER.noResets) as Engine<unknown>, losses: { reserves: 'network', owesLenders: false, backstop: 'beyond-reserves' } },
  liquity: { engine: liquityEngineFor, losses: { reserves: 'network', owesLenders: false, backstop: 'beyond-reserves' } },
  perp: { engine: () => PERP as Engine<unknown>, losses: { reserves: 'network', owesLenders: false, backstop: 'booked-bad-debt' } },
  // Debt socialisation cancels bad debt against the vault's depositors: reserves (if any), then the lenders.
  'euler-v2': { engine: () => eulerV2Engine as Engine<unknown>, losses: LENDER },
};

/** The registry entry of a family; throws on a family it does not know. */
export function familyRules(family: ProtocolFamily): FamilyRules {
  const rules = Object.hasOwn(FAMILIES, family) ? FAMILIES[family] : undefined;
  if (!rules) throw new Error(`familyRules: unknown protocol family "${String(family)}"; expected one of ${Object.keys(FAMILIES).join(', ')}`);
  return rules;
}

/** The engine of a protocol's family, configured. */
export function engineFor(family: ProtocolFamily, s: EngineSwitches): Engine<unknown> {
  return familyRules(family).engine(s);
}
