import { accept, quoteInput, readInput, reject, type Validation } from './result.js';

const UNIT_MS: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 };
export const MAX_DURATION_MS = 24 * 3_600_000;

const GOOD = 'use a number with a unit, like 90s, 5m or 1h30m (a plain number counts as seconds)';
// "ms" is listed before "m" so 5ms is read as milliseconds, not minutes followed by garbage.
const TOKEN = /(\d+(?:\.\d+)?)(ms|h|m|s)/y;

/** Go-style durations as helm and kubectl write them ("1h30m", "90s"), returned in milliseconds. */
export function parseDuration(raw: string): Validation<number> {
  const input = readInput(raw, { what: 'the duration', goodValue: GOOD, maxLength: 64 });
  if (!input.ok) return input;
  const s = input.value;
  if (s.startsWith('-')) return reject(`The duration ${quoteInput(s)} is negative; ${GOOD}.`);

  let ms: number;
  if (/^\d+(?:\.\d+)?$/.test(s)) {
    ms = Number(s) * 1000;
  } else {
    ms = 0;
    TOKEN.lastIndex = 0;
    while (TOKEN.lastIndex < s.length) {
      const at = TOKEN.lastIndex;
      const m = TOKEN.exec(s);
      if (!m || m.index !== at) return reject(`The duration ${quoteInput(s)} is not understood; ${GOOD}.`);
      ms += Number(m[1]) * (UNIT_MS[m[2] ?? ''] ?? Number.NaN);
    }
  }
  ms = Math.round(ms);
  if (!Number.isFinite(ms)) return reject(`The duration ${quoteInput(s)} is not understood; ${GOOD}.`);
  if (ms <= 0) return reject(`The duration ${quoteInput(s)} is zero or under a millisecond; ${GOOD}.`);
  if (ms > MAX_DURATION_MS) return reject(`The duration ${quoteInput(s)} is longer than 24 hours; ${GOOD}.`);
  return accept(ms);
}

/** Milliseconds back to the short form parseDuration reads: 5400000 → "1h30m". */
export function formatDuration(ms: number): string {
  let rest = Math.max(0, Math.round(ms));
  let out = '';
  for (const [unit, size] of [
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
  ] as const) {
    const n = Math.floor(rest / size);
    if (n > 0) out += `${n}${unit}`;
    rest -= n * size;
  }
  if (rest > 0) out += `${rest}ms`;
  return out === '' ? '0s' : out;
}
