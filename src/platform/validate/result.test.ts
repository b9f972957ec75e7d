import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quoteInput, readInput } from './result.js';

describe('quoteInput', () => {
  it('quotes short printable input as it is', () => {
    expect(quoteInput('us-east')).toBe('"us-east"');
  });

  it('escapes newlines, tabs, quotes and invisible characters so a message stays on one line', () => {
    expect(quoteInput('a\nb\tc"d\u202Ee\u0000')).toBe('"a\\nb\\tc\\"d\\u{202e}e\\u{0}"');
  });

  it('cuts long input at about 40 characters and says how long it was', () => {
    const q = quoteInput('x'.repeat(5000));
    expect(q).toContain('…');
    expect(q).toContain('5000 characters');
    expect(q.length).toBeLessThan(80);
  });

  it('never renders more than ~80 characters and never a raw control character', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 500 }), (s) => {
        const q = quoteInput(s);
        expect(q.length).toBeLessThanOrEqual(80);
        expect(q).not.toMatch(/[\p{Cc}\p{Zl}\p{Zp}]/u);
      }),
    );
  });
});

describe('readInput', () => {
  const format = { what: 'the thing', goodValue: 'use a thing', maxLength: 10 };

  it('trims surrounding whitespace', () => {
    expect(readInput('  abc \n', format)).toEqual({ ok: true, value: 'abc' });
  });

  it('refuses empty, whitespace-only and non-string input with a sentence', () => {
    for (const bad of ['', '   \t\n', undefined as unknown as string, 42 as unknown as string]) {
      const r = readInput(bad, format);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.message).toMatch(/^The thing is (empty|missing); use a thing\.$/);
    }
  });

  it('refuses over-long input without echoing it', () => {
    const r = readInput('y'.repeat(11), format);
    expect(r).toEqual({ ok: false, message: 'The thing is 11 characters long, more than the 10 allowed; use a thing.' });
  });
});
