import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateRegistryPassword, validateRegistryUsername } from './registryCredentials.js';

describe('validateRegistryUsername', () => {
  it.each(['octocat', 'AWS', 'robot$project+builder', 'user@example.com'])('accepts %j', (name) => {
    expect(validateRegistryUsername(` ${name} `)).toEqual({ ok: true, value: name });
  });

  it('refuses a colon, because docker splits user:password at the first one', () => {
    const r = validateRegistryUsername('a:b');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain('":"');
  });

  it('refuses inner spaces and control characters without echoing the value', () => {
    for (const bad of ['my user', 'ab\ncd', 'x\u0007y']) {
      const r = validateRegistryUsername(bad);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.message).not.toContain(bad);
    }
  });
});

describe('validateRegistryPassword', () => {
  it('accepts any printable single-line value, trimmed (a password file ends with a newline)', () => {
    fc.assert(
      fc.property(
        fc
          .string({ unit: fc.constantFrom(...'abcXYZ019!@#$%^&*()_+-=:;"\'<>,.?/ '), minLength: 1, maxLength: 100 })
          .filter((s) => s.trim() !== ''),
        (pw) => {
          expect(validateRegistryPassword(`${pw}\n`)).toEqual({ ok: true, value: pw.trim() });
        },
      ),
    );
  });

  it('refuses inner line breaks, giving the length but never the value', () => {
    const r = validateRegistryPassword('hunter2\nsecond-line');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.message).toContain('19 characters');
      expect(r.message).not.toMatch(/hunter2|second-line/);
    }
  });
});
