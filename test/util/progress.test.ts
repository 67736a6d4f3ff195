import { describe, expect, it } from 'vitest';
import { progressReporter } from '../../src/util/progress.js';

describe('progressReporter', () => {
  it('forwards about `steps` calls for a long loop, and the end exactly once', () => {
    const calls: [number, number][] = [];
    const report = progressReporter((d, t) => calls.push([d, t]), 1000, { steps: 10 });
    for (let i = 0; i <= 1000; i++) report(i);
    report(1000);
    // marks at 0, 100, …, 900 (10 calls) and the end (1 call)
    expect(calls).toHaveLength(11);
    expect(calls.slice(0, 3)).toEqual([[0, 1000], [100, 1000], [200, 1000]]);
    expect(calls.at(-1)).toEqual([1000, 1000]);
  });

  it('reports every unit when there are fewer units than steps', () => {
    const calls: number[] = [];
    const report = progressReporter((d) => calls.push(d), 3);
    for (let i = 1; i <= 3; i++) report(i);
    expect(calls).toEqual([1, 2, 3]);
  });

  it('does nothing without a callback, and refuses a bad total', () => {
    expect(() => progressReporter(undefined, Number.NaN)(5)).not.toThrow();
    expect(() => progressReporter(() => {}, -1)).toThrow('progressReporter: total must be a finite number >= 0, got -1');
  });
});
