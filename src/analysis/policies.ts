/**
 * `comparePolicies(network, scenario, policies, options?)` (DESIGN §6 policy what-ifs): the same scenario re-run under
 * each lever — a circuit breaker, gradual liquidation, a threshold or incentive for one collateral, a supply cap,
 * deeper liquidity in a venue — side by side with the baseline, and each difference (policy − baseline) computed.
 * A cascade option is a lever on the run; the others edit the network (src/analysis/edits.ts), positions as they are.
 */
import type { Network } from '../network/schema/network.js';
import { simulateCascade } from '../cascade/simulate.js';
import { parseScenario } from '../cascade/scenario.js';
import type { CascadeOptions } from '../cascade/options.js';
import type { ScenarioInput, Scenario } from '../cascade/scenario-schema.js';
import { manifest, type Manifest } from '../cascade/manifest.js';
import { withLiquidationIncentive, withLiquidationThreshold, withSupplyCap, withVenueDepth, type EditedNetwork } from './edits.js';
import { outcomeDifference, outcomeOf, type CascadeOutcome, type OutcomeDifference } from './outcome.js';
import { formatPolicy, parsePolicy, Policy, type PolicyInput } from './policy-schema.js';

export interface ComparePoliciesOptions {
  /** Options of every cascade (baseline and policies alike); a policy's own lever overrides its field. */
  cascade: Partial<CascadeOptions>;
}

export const COMPARE_POLICIES_DEFAULTS: ComparePoliciesOptions = {
  cascade: { exposure: 'none', recordRounds: false },
};

export interface PolicyRun {
  policy: Policy;
  /** The policy in the textual syntax. */
  label: string;
  /** What the policy changed: the cascade option it set, or the network fields it edited. */
  changes: string[];
  outcome: CascadeOutcome;
  /** policy − baseline: negative bad debt, liquidations and loss mean the policy helped. */
  difference: OutcomeDifference;
}

export interface PolicyComparison {
  manifest: Manifest;
  scenario: string | null;
  baseline: CascadeOutcome;
  policies: PolicyRun[];
  /** What the comparison holds fixed. */
  notes: string[];
}

function fail(message: string): never {
  throw new Error(`comparePolicies: ${message}`);
}

/** A policy as data or text → the validated policy. */
export function readPolicy(p: PolicyInput | string, at: string): Policy {
  if (typeof p === 'string') return parsePolicy(p);
  const r = Policy.safeParse(p);
  if (!r.success) fail(`${at}: ${r.error.issues.map((i) => `${i.path.join('.') || 'kind'}: ${i.message}`).join('; ')}`);
  return r.data;
}

/** The network and cascade options a policy runs with. */
export function applyPolicy(network: Network, policy: Policy, cascade: Partial<CascadeOptions>): { network: Network; cascade: Partial<CascadeOptions>; changes: string[] } {
  const same = (e: EditedNetwork) => ({ network: e.network, cascade, changes: e.changes });
  switch (policy.kind) {
    case 'circuitBreaker': {
      const { fall, windowSeconds, pauseSeconds } = policy;
      return { network, cascade: { ...cascade, circuitBreaker: { fall, windowSeconds, pauseSeconds } }, changes: [`circuit breaker: liquidations of an asset pause ${pauseSeconds} s after a ${fall * 100}% fall within ${windowSeconds} s`] };
    }
    case 'gradualLiquidation':
      return { network, cascade: { ...cascade, gradualLiquidationUsd: policy.capUsd }, changes: [`gradual liquidation: at most $${policy.capUsd} of debt repaid per market per round`] };
    case 'threshold':
      return same(withLiquidationThreshold(network, policy.protocol, policy.market, policy.asset, policy.value, policy.emode));
    case 'bonus':
      return same(withLiquidationIncentive(network, policy.protocol, policy.market, policy.asset, policy.value, policy.emode));
    case 'supplyCap':
      return same(withSupplyCap(network, policy.protocol, policy.market, policy.asset, policy.cap));
    case 'depth':
      return same(withVenueDepth(network, policy.venue, policy.factor));
  }
}

/**
 * Runs `scenario` on `network` once as it is and once under each policy (objects or the textual syntax of
 * `parsePolicy`), and returns the outcomes side by side with each difference from the baseline.
 */
export function comparePolicies(network: Network, scenario: ScenarioInput | Scenario, policies: readonly (PolicyInput | string)[], options: Partial<ComparePoliciesOptions> = {}): PolicyComparison {
  if (!Array.isArray(policies)) fail(`policies must be an array, got ${typeof policies}`);
  for (const k of Object.keys(options)) if (!(k in COMPARE_POLICIES_DEFAULTS)) fail(`unknown option "${k}"; expected one of ${Object.keys(COMPARE_POLICIES_DEFAULTS).join(', ')}`);
  const cascade = { ...COMPARE_POLICIES_DEFAULTS.cascade, ...(options.cascade ?? {}) };
  const read = policies.map((p, i) => readPolicy(p, `policies[${i}]`));
  const s = parseScenario(scenario, network);
  const baseline = outcomeOf(simulateCascade(network, s, cascade));
  const runs = read.map((policy): PolicyRun => {
    const applied = applyPolicy(network, policy, cascade);
    const outcome = outcomeOf(simulateCascade(applied.network, s, applied.cascade));
    return { policy, label: formatPolicy(policy), changes: applied.changes, outcome, difference: outcomeDifference(baseline, outcome) };
  });
  return {
    manifest: manifest(network, s, { cascade, policies: read }, cascade.seed ?? 0, 'comparePolicies'),
    scenario: s.name ?? null,
    baseline,
    policies: runs,
    notes: [
      'every policy runs the same scenario with the same cascade options as the baseline',
      'positions stay as they are: borrowers do not re-lever to a new threshold, incentive or cap (a supply cap scales the positions holding the asset down whole)',
    ],
  };
}
