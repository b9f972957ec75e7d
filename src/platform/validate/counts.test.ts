import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateMaxInflight, validateReplicas } from './counts.js';

describe('validateMaxInflight', () => {
  it('accepts 0 (no limit) up to 1000, as text or number', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), (n) => {
        expect(validateMaxInflight(n)).toEqual({ ok: true, value: n });
        expect(validateMaxInflight(` ${n} `)).toEqual({ ok: true, value: n });
      }),
    );
  });

  it.each(['-1', '1001', '1.5', '1e2', '0x10', 'ten', ''])('refuses %j', (bad) => {
    expect(validateMaxInflight(bad).ok).toBe(false);
  });

  it('refuses non-integer numbers', () => {
    expect(validateMaxInflight(2.5).ok).toBe(false);
    expect(validateMaxInflight(Number.NaN).ok).toBe(false);
  });
});

describe('validateReplicas', () => {
  it('accepts 1 to 100', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100 }), (n) => {
        expect(validateReplicas(String(n))).toEqual({ ok: true, value: n });
      }),
    );
  });

  it('says once what a whole number from the range looks like', () => {
    const r = validateReplicas('two');
    expect(r).toEqual({ ok: false, message: 'The number of replicas must be a whole number from 1 to 100, like 1.' });
  });

  it('refuses 0 and values out of range, naming the range', () => {
    for (const bad of [0, 101, '0', '500']) {
      const r = validateReplicas(bad);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.message).toContain('from 1 to 100');
    }
  });
});
