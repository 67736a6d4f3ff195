/** A small valid network to break in tests: every bad-input case starts from a fresh copy. */
import { readFileSync } from 'node:fs';

export function exampleJson(name: string): any {
  return JSON.parse(readFileSync(new URL(`../../fixtures/examples/${name}.json`, import.meta.url), 'utf8'));
}

/** Two lenders sharing ETH collateral and one venue (fixtures/examples/two-lenders-shared-eth.json). */
export const base = (): any => ({ holdings: [], ...exampleJson('two-lenders-shared-eth') });
