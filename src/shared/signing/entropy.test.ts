import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { distinctSymbols, estimateEntropyBits } from './entropy.js';

const bits = (s: string) => estimateEntropyBits(Buffer.from(s));

describe('estimateEntropyBits', () => {
  it('gives random base64 close to length × log2(alphabet)', () => {
    const s = randomBytes(32).toString('base64');
    expect(bits(s)).toBeGreaterThan(200);
    expect(bits(s)).toBeLessThanOrEqual(s.length * Math.log2(95) + 1e-9);
  });

  it('barely grows with the length of a run, a sequence or a repeated word', () => {
    for (const unit of ['a', '1234567890', 'password', 'abcdefghijklmnopqrstuvwxyz']) {
      const short = bits(unit.repeat(2));
      const long = bits(unit.repeat(200));
      expect(long - short).toBeLessThan(20);
    }
  });

  it('scores patterned text far below random text of the same length', () => {
    const n = 40;
    expect(bits('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN')).toBeLessThan(bits(randomBytes(30).toString('base64').slice(0, n)) / 3);
  });

  it('stops early once the estimate reaches what the caller needs', () => {
    const s = Buffer.from(randomBytes(3000).toString('base64'));
    const capped = estimateEntropyBits(s, 100);
    expect(capped).toBeGreaterThanOrEqual(100);
    expect(capped).toBeLessThan(120);
  });

  it('is never negative and never more than the literal cost of every character', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (b) => {
        const e = estimateEntropyBits(b);
        expect(e).toBeGreaterThanOrEqual(0);
        expect(e).toBeLessThanOrEqual(b.length * Math.log2(95 + 128) + 1e-9);
      }),
    );
  });
});

describe('distinctSymbols', () => {
  it('counts different bytes', () => {
    expect(distinctSymbols(Buffer.from('abcabc'))).toBe(3);
    expect(distinctSymbols(Buffer.from(''))).toBe(0);
  });
});
