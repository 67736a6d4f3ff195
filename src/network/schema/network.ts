/** The network document (DESIGN §1): one snapshot of a set of real protocols at a date. */
import { z } from 'zod';
import { Amount, DateString, Id, Source } from './common.js';
import { Asset } from './asset.js';
import { Venue } from './venue.js';
import { FAMILY_SCHEMAS } from './protocol/families.js';

export const SCHEMA_VERSION = 1;

export const Meta = z
  .object({
    name: z.string().min(1, 'expected a non-empty name'),
    snapshotDate: DateString,
    description: z.string().optional(),
    /** true for a made-up example; a real snapshot carries `sources` for its figures instead. */
    synthetic: z.boolean(),
    chain: z.string().optional(),
  })
  .strict();

/** A protocol: a union on `family` (protocol/families.ts lists the families). */
export const Protocol = z.discriminatedUnion('family', FAMILY_SCHEMAS);

/** Protocol `holder` holds `amount` tokens of `asset`, which another protocol issues. */
export const Holding = z.object({ holder: Id, asset: Id, amount: Amount }).strict();

export const Correlation = z
  .object({
    assets: z.array(Id).min(1, 'expected at least one asset'),
    matrix: z.array(z.array(z.number())),
  })
  .strict();

export const Network = z
  .object({
    $schema: z.string().optional(),
    schemaVersion: z.literal(SCHEMA_VERSION, { error: `expected schemaVersion ${SCHEMA_VERSION}` }),
    meta: Meta,
    assets: z.array(Asset).min(1, 'expected at least one asset'),
    venues: z.array(Venue).default([]),
    protocols: z.array(Protocol).default([]),
    holdings: z.array(Holding).default([]),
    correlation: Correlation.optional(),
    /** Field path → where the figure comes from (DESIGN §10 Sources). */
    sources: z.record(z.string(), Source).default({}),
  })
  .strict();

/** The network as loaded: defaults filled in, CSV positions resolved into arrays. */
export type Network = z.infer<typeof Network>;
/** The network as written in a file (defaults optional). */
export type NetworkInput = z.input<typeof Network>;
export type Protocol = z.infer<typeof Protocol>;
export type ProtocolFamily = Protocol['family'];
export type Market = Protocol['markets'][number];
export type Holding = z.infer<typeof Holding>;
export type Correlation = z.infer<typeof Correlation>;
export type Meta = z.infer<typeof Meta>;
