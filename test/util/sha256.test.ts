import { createHash, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sha256, sha256Hex as sha256HexDispatched, sha256HexPortable as sha256Hex } from '../../src/util/sha256.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('sha256 (pure TypeScript)', () => {
  // NIST FIPS 180-4 examples (SHA256.pdf, "Example Algorithm Implementations") and the long-message vector of
  // FIPS 180-2 Appendix B.3 (one million "a").
  it('matches the NIST vectors', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe('248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1');
    expect(sha256Hex('abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu')).toBe(
      'cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1',
    );
    expect(sha256Hex('a'.repeat(1_000_000))).toBe('cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0');
  });

  it('gives node:crypto\'s hex on random bytes, every length around the 55/56/64-byte padding edges', () => {
    for (let n = 0; n <= 200; n++) {
      const b = randomBytes(n);
      expect(hex(sha256(b))).toBe(createHash('sha256').update(b).digest('hex'));
    }
  });

  it('gives node:crypto\'s hex on random Unicode strings (UTF-8, astral planes included)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (s) => sha256Hex(s) === createHash('sha256').update(s, 'utf8').digest('hex')),
      { numRuns: 200 },
    );
  });

  it('sha256Hex (node:crypto in Node) and the portable path agree', () => {
    for (const text of ['', 'abc', 'é€😀', JSON.stringify({ a: [1, 2, 3] }).repeat(1000)]) expect(sha256HexDispatched(text)).toBe(sha256Hex(text));
  });
});
