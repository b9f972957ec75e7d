import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCpuMillis, parseMemoryBytes, validateQuantity } from './quantity.js';

describe('parseCpuMillis', () => {
  it.each([
    ['500m', 500],
    ['2', 2000],
    ['1.5', 1500],
    ['0.1', 100],
    ['3920m', 3920],
    ['1e3', 1_000_000],
    ['2E-3', 2],
    ['.5', 500],
    ['250000u', 250],
    ['1n', 1],
    ['1k', 1_000_000],
    ['+2', 2000],
    ['-1', -1000],
  ])('%j → %d millicores', (text, millis) => {
    expect(parseCpuMillis(text)).toBe(millis);
  });

  it('returns NaN for text that is not a quantity', () => {
    for (const bad of ['', 'abc', '1.2.3', '5 m', '1e', '2Gb', 'm']) expect(parseCpuMillis(bad)).toBeNaN();
  });
});

describe('parseMemoryBytes', () => {
  it.each([
    ['2Gi', 2 * 1024 ** 3],
    ['512Mi', 512 * 1024 ** 2],
    ['16283164Ki', 16283164 * 1024],
    ['1G', 1e9],
    ['1.5Gi', 1.5 * 1024 ** 3],
    ['64Mi', 64 * 1024 ** 2],
    ['1e3', 1000],
    ['1M', 1e6],
    ['1Ei', 2 ** 60],
    ['100m', 1], // 0.1 byte rounds up, as Kubernetes does
    ['1E', 1e18],
  ])('%j → %d bytes', (text, bytes) => {
    expect(parseMemoryBytes(text)).toBe(bytes);
  });

  it('is exact where floating point would not be (0.1 × 1000 is not 100.00000000000001)', () => {
    expect(parseCpuMillis('0.3')).toBe(300);
    expect(parseMemoryBytes('0.1k')).toBe(100);
  });

  it('never throws, and returns a number or NaN, for any text including huge exponents', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const n = parseMemoryBytes(s);
        expect(typeof n).toBe('number');
      }),
    );
    expect(parseMemoryBytes('1e999999999')).toBe(Number.POSITIVE_INFINITY);
    expect(parseMemoryBytes('1e-999999999')).toBe(1);
  });

  it('matches integer arithmetic for generated binary quantities', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100_000 }),
        fc.constantFrom(['Ki', 1024], ['Mi', 1024 ** 2], ['Gi', 1024 ** 3]),
        (n, [suffix, size]) => {
          expect(parseMemoryBytes(`${n}${suffix}`)).toBe(n * (size as number));
        },
      ),
    );
  });
});

describe('validateQuantity', () => {
  it.each([
    ['cpu', '500m', '500m'],
    ['cpu', '2', '2'],
    ['cpu', '2000m', '2'],
    ['cpu', '1.5', '1500m'],
    ['cpu', ' 0.25 ', '250m'],
    ['memory', '2Gi', '2Gi'],
    ['memory', '2048Mi', '2Gi'],
    ['memory', '1.5Gi', '1536Mi'],
    ['memory', '512Mi', '512Mi'],
    ['memory', '1G', '1G'],
    ['memory', '1500M', '1500M'],
    ['memory', '1e9', '1G'],
    ['memory', '1M', '1M'],
  ] as const)('%s %j → %j', (kind, text, normal) => {
    expect(validateQuantity(kind, text)).toEqual({ ok: true, value: normal });
  });

  it.each([
    ['cpu', '-1', /negative/],
    ['cpu', '0', /zero/],
    ['cpu', '2Gi', /memory unit/],
    ['cpu', '2000', /did you mean 2000m\?/],
    ['cpu', 'two', /not a Kubernetes quantity/],
    ['memory', '512m', /fractions of a byte/],
    ['memory', '512', /did you mean 512Mi\?/],
    ['memory', '0Gi', /zero/],
    ['memory', '999k', /less than a megabyte/],
    ['memory', '1e30', /too large/],
    ['memory', '2 Gi', /not a Kubernetes quantity/],
    ['memory', '2GB', /not a Kubernetes quantity/],
  ] as const)('refuses %s %j', (kind, text, message) => {
    const r = validateQuantity(kind, text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(message);
  });

  it('accepts generated CPU millicores and normalises to a value with the same millicores', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_024_000 }), (m) => {
        const r = validateQuantity('cpu', `${m}m`);
        expect(r.ok).toBe(true);
        if (r.ok) expect(parseCpuMillis(r.value)).toBe(m);
      }),
    );
  });

  it('accepts generated memory sizes and normalises to the same number of bytes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.constantFrom('Mi', 'Gi', 'M', 'G'), (n, unit) => {
        const r = validateQuantity('memory', `${n}${unit}`);
        expect(r.ok).toBe(true);
        if (r.ok) expect(parseMemoryBytes(r.value)).toBe(parseMemoryBytes(`${n}${unit}`));
      }),
    );
  });
});
