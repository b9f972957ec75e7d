import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateNamespace, validateReleaseName, validateSecretName } from './kubeNames.js';

const label = (max: number) => fc.stringMatching(new RegExp(`^[a-z0-9](?:[-a-z0-9]{0,${max - 2}}[a-z0-9])?$`));
const subdomain = (max: number) =>
  fc
    .array(label(20), { minLength: 1, maxLength: 8 })
    .map((l) => l.join('.'))
    .filter((s) => s.length <= max);

describe('validateNamespace', () => {
  it('accepts DNS-1123 labels up to 63 characters', () => {
    fc.assert(
      fc.property(label(63), (ns) => {
        expect(validateNamespace(ns)).toEqual({ ok: true, value: ns });
      }),
    );
  });

  it('refuses 64 characters', () => {
    const r = validateNamespace('a'.repeat(64));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain('64 characters long');
  });

  it('refuses dots, which a subdomain allows but a label does not', () => {
    expect(validateNamespace('open.faas').ok).toBe(false);
  });

  it('suggests a fixed name for uppercase and underscores', () => {
    const r = validateNamespace('OpenFaaS_Fn');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain('try "openfaas-fn"');
  });

  it.each(['-openfaas', 'openfaas-', 'open faas', 'open;faas'])('refuses %j', (bad) => {
    expect(validateNamespace(bad).ok).toBe(false);
  });
});

describe('validateReleaseName', () => {
  it('accepts lowercase subdomains up to 53 characters', () => {
    fc.assert(
      fc.property(subdomain(53), (name) => {
        expect(validateReleaseName(name)).toEqual({ ok: true, value: name });
      }),
    );
  });

  it("refuses more than helm's 53 characters", () => {
    expect(validateReleaseName('a'.repeat(54)).ok).toBe(false);
  });

  it.each(['Pro-Builder', 'pro..builder', 'pro-builder.', 'pro_builder'])('refuses %j', (bad) => {
    expect(validateReleaseName(bad).ok).toBe(false);
  });
});

describe('validateSecretName', () => {
  it('accepts DNS-1123 subdomains up to 253 characters', () => {
    fc.assert(
      fc.property(subdomain(253), (name) => {
        expect(validateSecretName(name)).toEqual({ ok: true, value: name });
      }),
    );
    expect(validateSecretName(`${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`).ok).toBe(true);
  });

  it('limits the whole name to 253 characters, not each part to 63 (as Kubernetes does)', () => {
    expect(validateSecretName('a'.repeat(254)).ok).toBe(false);
    expect(validateSecretName('a'.repeat(100)).ok).toBe(true);
  });
});
