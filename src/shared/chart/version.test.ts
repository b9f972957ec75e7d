import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ChartError } from './errors.js';
import { chartGeneration, compareChartVersions, parseChartVersion } from './version.js';

describe('chartGeneration', () => {
  it.each([
    ['0.4.19', 'mtls'],
    ['0.5.99', 'mtls'],
    ['0.5.9-rc.1', 'mtls'],
    ['v0.5.1', 'mtls'],
    ['0.6.0', 'socket'],
    ['0.6.10', 'socket'],
    ['v0.6.10', 'socket'],
    ['0.6', 'socket'],
    ['1.0.0', 'socket'],
    ['0.6.1+build.5', 'socket'],
    // A 0.6.0 pre-release is cut from the 0.6 templates.
    ['0.6.0-rc.1', 'socket'],
    ['  0.6.2\n', 'socket'],
  ])('%s → %s', (version, generation) => {
    expect(chartGeneration(version)).toBe(generation);
  });

  it.each(['', 'latest', '0.6.x', '1.2.3.4', '01.2.3', 'pro-builder-0.6.10', '0.6.0-'])('rejects %j with a clear error', (bad) => {
    const err = (() => {
      try {
        chartGeneration(bad);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ChartError);
    expect((err as ChartError).message).toContain('is not a chart version');
    expect((err as ChartError).message).toContain(`"${bad}"`);
  });

  it('is monotonic: an older version is never of a newer generation', () => {
    const version = fc
      .tuple(fc.nat(3), fc.nat(12), fc.nat(12), fc.option(fc.constantFrom('rc.1', 'alpha', 'beta.2'), { nil: undefined }))
      .map(([a, b, c, pre]) => `${a}.${b}.${c}${pre ? `-${pre}` : ''}`);
    fc.assert(
      fc.property(version, version, (a, b) => {
        const [older, newer] = compareChartVersions(a, b) <= 0 ? [a, b] : [b, a];
        return !(chartGeneration(older) === 'socket' && chartGeneration(newer) === 'mtls');
      }),
    );
  });
});

describe('compareChartVersions', () => {
  it('follows SemVer precedence, pre-releases included', () => {
    const ordered = [
      '1.0.0-alpha',
      '1.0.0-alpha.1',
      '1.0.0-alpha.beta',
      '1.0.0-beta',
      '1.0.0-beta.2',
      '1.0.0-beta.11',
      '1.0.0-rc.1',
      '1.0.0',
      '1.0.1',
      '1.1.0',
      '2.0.0',
    ];
    for (let i = 0; i < ordered.length; i++) {
      for (let j = 0; j < ordered.length; j++) {
        expect(compareChartVersions(ordered[i]!, ordered[j]!), `${ordered[i]} vs ${ordered[j]}`).toBe(Math.sign(i - j));
      }
    }
  });

  it('ignores build metadata', () => {
    expect(compareChartVersions('0.6.10+abc', '0.6.10+def')).toBe(0);
    expect(parseChartVersion('0.6.10+abc.1').build).toEqual(['abc', '1']);
  });
});
