import { describe, expect, it } from 'vitest';
import { createProgress } from '../../src/cli/progress.js';

function buffer() {
  const chunks: string[] = [];
  return { chunks, stream: { write: (t: string) => chunks.push(t) }, text: () => chunks.join('') };
}

describe('createProgress', () => {
  it('writes nothing when stderr is not a terminal', () => {
    const b = buffer();
    const p = createProgress({ total: 10, label: 'simulate', stream: b.stream, isTTY: false });
    p.tick();
    p.update(5);
    p.onProgress(10, 10);
    p.done();
    expect(b.chunks).toEqual([]);
  });

  it('follows the stream\'s own isTTY when none is injected', () => {
    const b = buffer();
    const p = createProgress({ total: 4, label: 'x', stream: { ...b.stream, isTTY: false } });
    p.tick(4);
    p.done();
    expect(b.chunks).toEqual([]);
  });

  it('draws a labelled bar on a terminal, counts ticks, and clears its line when done', () => {
    const b = buffer();
    const p = createProgress({ total: 8, label: 'validate big.json', stream: b.stream, isTTY: true });
    expect(b.text()).toContain('validate big.json [');
    expect(b.text()).toContain('0% | 0/8');
    p.tick();
    p.tick(2); // 3 of 8 = 37.5%; cli-progress floors the percentage to 37%
    p.done();
    const text = b.text();
    expect(text).toContain('37% | 3/8');
    // the final frame is erased (clearOnComplete) and the cursor shown again
    expect(text.endsWith('\x1B[2K')).toBe(true);
    expect(text).toContain('\x1B[?25h');
    const n = b.chunks.length;
    p.done();
    p.tick();
    expect(b.chunks.length).toBe(n);
  });

  it('onProgress(done, total) may change the total', () => {
    const b = buffer();
    const p = createProgress({ total: 1, label: 'exposure', stream: b.stream, isTTY: true });
    p.onProgress(25, 100);
    p.done();
    expect(b.text()).toContain('25% | 25/100');
  });

  it('refuses a total that is not a finite number >= 0', () => {
    expect(() => createProgress({ total: Number.NaN, label: 'x', isTTY: false })).toThrow('createProgress: total must be a finite number >= 0, got NaN');
  });
});
