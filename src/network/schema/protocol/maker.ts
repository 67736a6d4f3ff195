/**
 * Maker / Sky vault types (ilks) under the contracts' names and forms: spot `mat`, dog `chop` and `hole`,
 * Clipper `buf`/`tail`/`cusp`/`chip`/`tip` with an Abacus `calc` (Liquidations 2.0), or the Flipper's
 * `beg`/`ttl`/`tau` and the Cat's `lump` (Liquidations 1.x, 12 March 2020).
 */
import { z } from 'zod';
import { Amount, Id, MultiplierAtLeastOne, OpenShare, PositiveAmount, PositiveSeconds, ShareAboveZero, ShareBelowOne } from '../common.js';
import { Borrowable, lendingFacts, marketBase, protocolBase, type MarketFacts } from './shared.js';

export const MakerCollateral = z.object({ asset: Id, mat: MultiplierAtLeastOne, chop: MultiplierAtLeastOne }).strict();

/** abaci.sol price-decrease functions. */
export const Calc = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('LinearDecrease'), tau: PositiveSeconds }).strict(),
  z.object({ kind: z.literal('StairstepExponentialDecrease'), step: PositiveSeconds, cut: ShareAboveZero }).strict(),
  z.object({ kind: z.literal('ExponentialDecrease'), cut: ShareAboveZero }).strict(),
]);

export const ClipAuction = z
  .object({
    kind: z.literal('clip'),
    buf: MultiplierAtLeastOne,
    tail: PositiveSeconds,
    cusp: OpenShare,
    chip: ShareBelowOne,
    tip: Amount,
    calc: Calc,
  })
  .strict();

export const FlipAuction = z
  .object({
    kind: z.literal('flip'),
    beg: MultiplierAtLeastOne,
    ttl: PositiveSeconds,
    tau: PositiveSeconds,
    /** Cat.ilks.lump: collateral per auction (tokens). */
    lump: PositiveAmount,
  })
  .strict();

export const MakerIlk = z
  .object({
    ...marketBase,
    /** Exactly one: the ilk's collateral. */
    collaterals: z.array(MakerCollateral),
    /** Exactly one: DAI or USDS, with `duty` as a fixed annual rate. */
    borrowables: z.array(Borrowable),
    dust: Amount.default(0),
    /** dog.ilks.hole: DAI in active auctions for this ilk; absent = unlimited. */
    hole: Amount.optional(),
    line: Amount.optional(),
    auction: z.discriminatedUnion('kind', [ClipAuction, FlipAuction]),
  })
  .strict();

export const MakerProtocol = z
  .object({
    ...protocolBase,
    family: z.literal('maker'),
    version: z.enum(['clip', 'flip']),
    /** dog.Hole: DAI in all active auctions; absent = unlimited. */
    Hole: Amount.optional(),
    markets: z.array(MakerIlk).min(1, 'expected at least one market (an ilk)'),
  })
  .strict()
  .meta({ id: 'MakerProtocol' });

export type MakerIlk = z.infer<typeof MakerIlk>;
export type MakerProtocol = z.infer<typeof MakerProtocol>;
export type ClipAuction = z.infer<typeof ClipAuction>;
export type FlipAuction = z.infer<typeof FlipAuction>;
export type Calc = z.infer<typeof Calc>;

/** Maker: 1/mat; the incentive comes from the auction. */
export const makerFacts: MarketFacts<MakerProtocol> = lendingFacts<MakerProtocol>({
  liquidationThreshold: (_p, m, asset) => {
    const c = m.collaterals.find((x) => x.asset === asset);
    return c ? 1 / c.mat : undefined;
  },
  liquidationIncentive: () => null,
});
