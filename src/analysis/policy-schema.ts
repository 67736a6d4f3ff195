/**
 * The policy levers of DESIGN §6 as plain data (a zod union on `kind`), and their one-line textual form for the
 * command line: `breaker:20%[/window s[/pause s]]`, `cap:USD`, `threshold:P/M/A[#emode]=LT`, `bonus:P/M/A[#emode]=B`,
 * `supplyCap:P/M/A=tokens`, `depth:VENUExF`. Percentages (`80%`) or fractions (`0.8`) alike.
 */
import { z } from 'zod';
import { Id } from '../network/schema/common.js';

const Target = { protocol: Id, market: Id, asset: Id };

export const Policy = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('circuitBreaker'),
      fall: z.number().gt(0, 'expected a fall in (0, 1)').lt(1, 'expected a fall in (0, 1)'),
      /** The window the fall is measured over, s (assumed default: one hour). */
      windowSeconds: z.number().positive('expected a window > 0 s').default(3600),
      /** How long liquidations of the asset pause, s (assumed default: one hour). */
      pauseSeconds: z.number().positive('expected a pause > 0 s').default(3600),
    })
    .strict(),
  z.object({ kind: z.literal('gradualLiquidation'), capUsd: z.number().positive('expected a cap > 0 USD of debt repaid per market per round') }).strict(),
  z
    .object({ kind: z.literal('threshold'), ...Target, emode: z.number().int().min(1).max(255).optional(), value: z.number().gt(0, 'expected a threshold in (0, 1]').max(1, 'expected a threshold in (0, 1]') })
    .strict(),
  z
    .object({ kind: z.literal('bonus'), ...Target, emode: z.number().int().min(1).max(255).optional(), value: z.number().min(0, 'expected an incentive in [0, 1)').lt(1, 'expected an incentive in [0, 1)') })
    .strict(),
  z.object({ kind: z.literal('supplyCap'), ...Target, cap: z.number().min(0, 'expected a cap >= 0 tokens').finite() }).strict(),
  z.object({ kind: z.literal('depth'), venue: Id, factor: z.number().positive('expected a depth factor > 0').finite() }).strict(),
]);

export type Policy = z.infer<typeof Policy>;
export type PolicyInput = z.input<typeof Policy>;

/** The help text of the syntax (the CLI prints it under `policies --help`). */
export const POLICY_SYNTAX = [
  'breaker:FALL[/WINDOW[/PAUSE]]   circuit breaker: pause liquidations of an asset for PAUSE s (default 3600) after its market price fell FALL (20% or 0.2) within WINDOW s (default 3600)',
  'cap:USD                         gradual liquidation: at most USD of debt repaid per market per round',
  'threshold:P/M/A[#E]=LT          liquidation threshold of collateral A in market M of protocol P (e-mode E) set to LT (80% or 0.8), in the family\'s own field',
  'bonus:P/M/A[#E]=B               liquidation incentive of that collateral set to B (5% or 0.05): aave-v3, generic, compound-v3, liquity v2',
  'supplyCap:P/M/A=TOKENS          supply cap on collateral A: positions holding it scaled down whole to the cap',
  'depth:VENUExF                   liquidity of VENUE multiplied by F (x2 = twice the amount for the same price impact)',
].join('\n');

function fail(text: string, message: string): never {
  throw new Error(`parsePolicy: "${text}": ${message}; the forms are:\n${POLICY_SYNTAX}`);
}

function share(text: string, s: string, what: string): number {
  const m = /^([+-]?\d+(?:\.\d+)?(?:e[+-]?\d+)?)(%?)$/i.exec(s.trim());
  if (!m) fail(text, `${what} must be a number such as 0.8 or 80%, got "${s}"`);
  return Number(m[1]) / (m[2] ? 100 : 1);
}

function target(text: string, s: string): { protocol: string; market: string; asset: string; emode?: number } {
  const m = /^([^/=#]+)\/([^/=#]+)\/([^/=#]+)(?:#(\d+))?$/.exec(s.trim());
  if (!m) fail(text, `expected PROTOCOL/MARKET/ASSET[#EMODE] before "=", got "${s}"`);
  return { protocol: m[1]!, market: m[2]!, asset: m[3]!, ...(m[4] ? { emode: Number(m[4]) } : {}) };
}

function validated(text: string, input: unknown): Policy {
  const r = Policy.safeParse(input);
  if (!r.success) fail(text, r.error.issues.map((i) => `${i.path.join('.') || 'value'}: ${i.message}`).join('; '));
  return r.data;
}

/** Parses one policy written in the textual syntax above. Throws an Error naming the text, what was wrong and the forms. */
export function parsePolicy(text: string): Policy {
  const colon = text.indexOf(':');
  if (colon < 0) fail(text, 'expected KIND:ARGUMENTS');
  const kind = text.slice(0, colon).trim();
  const arg = text.slice(colon + 1).trim();
  const eq = arg.lastIndexOf('=');
  switch (kind) {
    case 'breaker': {
      const [fall, window, pause] = arg.split('/');
      const sec = (s: string | undefined, what: string) => (s === undefined ? undefined : share(text, s.replace(/s$/, ''), what));
      return validated(text, { kind: 'circuitBreaker', fall: share(text, fall ?? '', 'the fall'), windowSeconds: sec(window, 'the window'), pauseSeconds: sec(pause, 'the pause') });
    }
    case 'cap':
      return validated(text, { kind: 'gradualLiquidation', capUsd: share(text, arg.replace(/[$_,]/g, ''), 'the cap') });
    case 'threshold':
    case 'bonus':
    case 'supplyCap': {
      if (eq < 0) fail(text, `expected ${kind}:PROTOCOL/MARKET/ASSET=VALUE`);
      const t = target(text, arg.slice(0, eq));
      const v = share(text, arg.slice(eq + 1), 'the value');
      if (kind === 'supplyCap') {
        if (t.emode !== undefined) fail(text, 'a supply cap takes no e-mode');
        return validated(text, { kind, protocol: t.protocol, market: t.market, asset: t.asset, cap: v });
      }
      return validated(text, { kind, ...t, value: v });
    }
    case 'depth': {
      const m = /^(.+?)\s*[x*×]\s*(\d+(?:\.\d+)?)$/.exec(arg);
      if (!m) fail(text, `expected depth:VENUExFACTOR such as depth:uni-eth-usdcx2, got "${arg}"`);
      return validated(text, { kind: 'depth', venue: m[1]!, factor: Number(m[2]) });
    }
    default:
      fail(text, `unknown policy kind "${kind}"; expected breaker, cap, threshold, bonus, supplyCap or depth`);
  }
}

/** The textual form of a policy (parsePolicy(formatPolicy(p)) gives p back). */
export function formatPolicy(p: Policy): string {
  const t = (x: { protocol: string; market: string; asset: string; emode?: number }) => `${x.protocol}/${x.market}/${x.asset}${x.emode !== undefined ? `#${x.emode}` : ''}`;
  switch (p.kind) {
    case 'circuitBreaker':
      return `breaker:${p.fall}/${p.windowSeconds}/${p.pauseSeconds}`;
    case 'gradualLiquidation':
      return `cap:${p.capUsd}`;
    case 'threshold':
      return `threshold:${t(p)}=${p.value}`;
    case 'bonus':
      return `bonus:${t(p)}=${p.value}`;
    case 'supplyCap':
      return `supplyCap:${t(p)}=${p.cap}`;
    case 'depth':
      return `depth:${p.venue}x${p.factor}`;
  }
}
