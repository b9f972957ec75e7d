/**
 * A conservative estimate of how many bits of guessing a secret takes, in the spirit of zxcvbn
 * but without word lists. Characters cost log2 of the alphabet their classes span (26 lowercase,
 * 26 uppercase, 10 digits, 33 symbols, 128 for other bytes). Patterns cost next to nothing:
 * a run of one character, a run of steps like abcd or 9753, and any repeat of an earlier
 * stretch (LZ77-style) cost only the bits to say where and how long. So "aaaa…", "1234567890…"
 * and "passwordpassword" score low however long they are, while random text scores close to
 * length × log2(alphabet).
 */

const CLASSES: [RegExp, number][] = [
  [/[a-z]/, 26],
  [/[A-Z]/, 26],
  [/[0-9]/, 10],
  [/[\x20-\x2F\x3A-\x40\x5B-\x60\x7B-\x7E]/, 33],
];

/** Only the start of a long value is examined: the estimate is a floor check, not a measurement. */
const MAX_EXAMINED = 4096;
const MATCH_WINDOW = 1024;

function alphabetSize(bytes: Uint8Array): number {
  let size = 0;
  const text = String.fromCharCode(...bytes.subarray(0, MAX_EXAMINED));
  for (const [re, n] of CLASSES) if (re.test(text)) size += n;
  if (bytes.some((b) => b < 0x20 || b > 0x7e)) size += 128;
  return Math.max(size, 2);
}

export function distinctSymbols(bytes: Uint8Array): number {
  return new Set(bytes.subarray(0, MAX_EXAMINED)).size;
}

/**
 * Estimated entropy in bits. `enough` stops the walk once the estimate reaches it, since callers
 * only compare against a threshold.
 */
export function estimateEntropyBits(bytes: Uint8Array, enough = Number.POSITIVE_INFINITY): number {
  const b = bytes.subarray(0, MAX_EXAMINED);
  const n = b.length;
  const literal = Math.log2(alphabetSize(b));
  let bits = 0;
  let i = 0;
  while (i < n && bits < enough) {
    const prev = b[i - 1];
    // A run of the character just seen: "aaaa".
    if (i >= 1 && b[i] === prev) {
      let j = i;
      while (j < n && b[j] === prev) j++;
      bits += Math.log2(j - i + 1);
      i = j;
      continue;
    }
    // A run of equal small steps: "abcd", "1234", "9753".
    if (i >= 2) {
      const step = (prev ?? 0) - (b[i - 2] ?? 0);
      if (step !== 0 && Math.abs(step) <= 2 && (b[i] ?? 0) - (prev ?? 0) === step) {
        let j = i;
        while (j < n && (b[j] ?? 0) - (b[j - 1] ?? 0) === step) j++;
        bits += Math.log2(j - i + 1);
        i = j;
        continue;
      }
    }
    // A repeat of an earlier stretch of at least 3 characters: "passwordpassword".
    let bestLength = 0;
    for (let k = Math.max(0, i - MATCH_WINDOW); k < i; k++) {
      let len = 0;
      while (i + len < n && b[k + len] === b[i + len]) len++;
      if (len > bestLength) bestLength = len;
    }
    if (bestLength >= 3) {
      bits += Math.log2(i + 1) + Math.log2(bestLength);
      i += bestLength;
      continue;
    }
    bits += literal;
    i++;
  }
  return bits;
}
