import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDuration, MAX_DURATION_MS, parseDuration } from './duration.js';

describe('parseDuration', () => {
  it.each([
    ['90s', 90_000],
    ['5m', 300_000],
    ['1h30m', 5_400_000],
    ['2m30s', 150_000],
    ['300', 300_000],
    ['1.5h', 5_400_000],
    ['250ms', 250],
    [' 24h ', MAX_DURATION_MS],
    ['1h0m0s', 3_600_000],
  ])('reads %j as %d ms', (text, ms) => {
    expect(parseDuration(text)).toEqual({ ok: true, value: ms });
  });

  it.each([
    ['-5m', /negative/],
    ['0', /zero/],
    ['0s', /zero/],
    ['24h1s', /longer than 24 hours/],
    ['5 m', /not understood/],
    ['5x', /not understood/],
    ['m5', /not understood/],
    ['5M', /not understood/],
    ['1d', /not understood/],
    ['', /empty/],
  ])('refuses %j', (text, message) => {
    const r = parseDuration(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(message);
  });

  it('reads back every duration formatDuration writes, up to 24 hours', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: MAX_DURATION_MS }), (ms) => {
        expect(parseDuration(formatDuration(ms))).toEqual({ ok: true, value: ms });
      }),
    );
  });

  it('sums generated h/m/s parts', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 59 }), (h, m, s) => {
        fc.pre(h + m + s > 0);
        const text = `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${s ? `${s}s` : ''}`;
        expect(parseDuration(text)).toEqual({ ok: true, value: ((h * 60 + m) * 60 + s) * 1000 });
      }),
    );
  });
});

describe('formatDuration', () => {
  it('writes the short form', () => {
    expect(formatDuration(5_400_000)).toBe('1h30m');
    expect(formatDuration(90_500)).toBe('1m30s500ms');
    expect(formatDuration(0)).toBe('0s');
  });
});
