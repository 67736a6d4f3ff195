/** Comparing a run stepping by events with the round-by-round run (quiet.test.ts, quiet.property.test.ts). */
import type { CascadeResult } from '../../../src/index.js';

/** The result's JSON without what the stepping changes by design: its `time` and the options it records. */
export function comparable(r: CascadeResult): string {
  const x = JSON.parse(JSON.stringify(r)) as Record<string, unknown> & { manifest: Record<string, unknown> };
  delete x.time;
  delete x.manifest.options;
  return JSON.stringify(x);
}

/** Where two JSON texts first differ (null: nowhere). */
export function firstDifference(a: string, b: string): string | null {
  if (a === b) return null;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return `at ${i}: events …${a.slice(Math.max(0, i - 100), i + 100)}… rounds …${b.slice(Math.max(0, i - 100), i + 100)}…`;
}

