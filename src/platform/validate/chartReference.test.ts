import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateChartReference, validateChartVersion } from './chartReference.js';

describe('validateChartReference', () => {
  it.each([
    'openfaas/pro-builder',
    'oci://ghcr.io/openfaas/pro-builder',
    './charts/pro-builder',
    '/tmp/chart $(x); y',
    'C:\\charts\\pro-builder',
  ])('accepts %j', (ref) => {
    expect(validateChartReference(ref)).toEqual({ ok: true, value: ref });
  });

  it('refuses anything helm would read as an option', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (rest) => {
        const r = validateChartReference(`-${rest.trimStart()}`);
        expect(r.ok).toBe(false);
        if (!r.ok) expect(r.message).toMatch(/starts with "-", so helm would read it as an option/);
      }),
    );
    expect(validateChartReference('--post-renderer=/bin/sh')).toMatchObject({ ok: false });
  });

  it('refuses control and invisible characters, naming them escaped', () => {
    for (const ch of ['\n', '\u001b', '\u202e', '\u200b', '\u2028']) {
      const r = validateChartReference(`openfaas/pro${ch}builder`);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.message).not.toContain(ch);
    }
  });
});

describe('validateChartVersion', () => {
  it.each(['0.6.10', 'v0.4.19', '0.6', '1.0.0-rc.1+build.5'])('accepts %j', (v) => {
    expect(validateChartVersion(v).ok).toBe(true);
  });

  it.each(['-1.0.0', '--devel', 'latest', '0.6.10; rm -rf /', '1.0\n.0', '0.6.10 --post-renderer x'])('refuses %j', (v) => {
    const r = validateChartVersion(v);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/^The chart version ".*" is not a semantic version; use a semantic version like 0\.6\.10\.$/);
  });
});
