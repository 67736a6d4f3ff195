/**
 * The network side of the family registry: every family's protocol schema (the `family` union of the format, in
 * the order its error messages list them) and its market facts (`MarketFacts`, read by network/markets.ts). A new
 * family adds its schema file and one line to each list here; the protocols layer has its own entry
 * (src/protocols/registry.ts).
 */
import type { z } from 'zod';
import { AaveProtocol, aaveV3Facts } from './aave.js';
import { CompoundProtocol, compoundV3Facts } from './compound.js';
import { EulerProtocol, eulerV2Facts } from './euler.js';
import { GenericProtocol, genericFacts } from './generic.js';
import { LiquityProtocol, liquityFacts } from './liquity.js';
import { MakerProtocol, makerFacts } from './maker.js';
import { MorphoProtocol, morphoBlueFacts } from './morpho.js';
import { PerpProtocol, perpFacts } from './perp.js';
import type { MarketFacts } from './shared.js';

/** The protocol schemas, one per family. */
export const FAMILY_SCHEMAS = [AaveProtocol, CompoundProtocol, MakerProtocol, LiquityProtocol, MorphoProtocol, EulerProtocol, PerpProtocol, GenericProtocol] as const;

type AnyProtocol = z.infer<(typeof FAMILY_SCHEMAS)[number]>;

/** Each family's market facts (the mapped type makes a missing family a compile error). */
export const FAMILY_FACTS: { readonly [F in AnyProtocol['family']]: MarketFacts<Extract<AnyProtocol, { family: F }>> } = {
  'aave-v3': aaveV3Facts,
  'compound-v3': compoundV3Facts,
  maker: makerFacts,
  liquity: liquityFacts,
  'morpho-blue': morphoBlueFacts,
  'euler-v2': eulerV2Facts,
  perp: perpFacts,
  generic: genericFacts,
};
