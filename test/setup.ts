// Property tests are deterministic in CI: one fixed fast-check seed (override with FC_SEED to explore).
// An array or string given a maxLength draws lengths up to it: without `defaultSizeToMaxWhenMaxSpecified`, fast-check
// draws at most ~10 elements (size 'small') whatever maxLength says, so a property meant for 300 positions saw 10.
import fc from 'fast-check';

fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 20261126), defaultSizeToMaxWhenMaxSpecified: true });
