import { describe, expect, it } from 'vitest';
import { formatUsd } from '../../src/util/money.js';

describe('formatUsd: whole dollars with separators from $1,000 up, cents below', () => {
  it('formats by magnitude', () => {
    expect(formatUsd(0)).toBe('$0.00');
    expect(formatUsd(0.004)).toBe('$0.00');
    expect(formatUsd(0.005)).toBe('$0.01');
    expect(formatUsd(12.3)).toBe('$12.30');
    expect(formatUsd(999.5)).toBe('$999.50');
    // 999.996 rounds to 1000.00 cents: shown as whole dollars.
    expect(formatUsd(999.996)).toBe('$1,000');
    expect(formatUsd(1000)).toBe('$1,000');
    expect(formatUsd(1234.56)).toBe('$1,235');
    expect(formatUsd(1_234_567_890.4)).toBe('$1,234,567,890');
  });
  it('signs losses and never prints -$0.00, NaN or Infinity', () => {
    expect(formatUsd(-1234.5)).toBe('-$1,235');
    expect(formatUsd(-0.42)).toBe('-$0.42');
    expect(formatUsd(-0.001)).toBe('$0.00');
    expect(formatUsd(-0)).toBe('$0.00');
    expect(formatUsd(NaN)).toBe('—');
    expect(formatUsd(Infinity)).toBe('—');
  });
});
