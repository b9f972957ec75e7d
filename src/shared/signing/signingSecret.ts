import { randomBytes } from 'node:crypto';
import { distinctSymbols, estimateEntropyBits } from './entropy.js';

/** The manual's `openssl rand -base64 32`: 32 random bytes, 256 bits. */
export const SIGNING_SECRET_BYTES = 32;
/** Below 16 bytes (128 bits even if perfectly random) a secret is refused. */
export const MIN_SECRET_BYTES = 16;
/**
 * 112 bits: the minimum security strength of NIST SP 800-57, well under the 256 bits a generated
 * secret carries. A generated secret (44 base64 characters) estimates at about 285 bits and, in
 * 100,000 draws, never below 240, so it always passes; a random 16-byte secret (base64 or hex)
 * passes in all but about one in a million draws. "password", "aaaa…", "1234567890…" and
 * repeated words stay under 50.
 */
export const MIN_ENTROPY_BITS = 112;
/**
 * Few distinct characters ("0101…", "abab…") mean little entropy however the text is arranged.
 * 32 random hex digits showed at least 9 distinct in 300,000 draws; 44 base64 characters, 23.
 */
export const MIN_DISTINCT_SYMBOLS = 8;

/**
 * A new signing secret: base64 of 32 random bytes with no trailing newline, since the builder
 * signs the file's exact bytes.
 */
export function generateSigningSecret(random: (n: number) => Buffer = randomBytes): string {
  const bytes = random(SIGNING_SECRET_BYTES);
  if (bytes.length !== SIGNING_SECRET_BYTES) {
    throw new Error(`The random source returned ${bytes.length} bytes instead of ${SIGNING_SECRET_BYTES}.`);
  }
  return bytes.toString('base64');
}

export type SigningProblemCode = 'empty' | 'trailing-newline' | 'leading-whitespace' | 'too-short' | 'low-entropy';

/** Like RegistryProblem: stable code, plain sentences that never contain the secret. */
export interface SigningProblem {
  severity: 'fail' | 'warn';
  code: SigningProblemCode;
  message: string;
  hint: string;
}

const GENERATE = 'Let this tool generate a new one, or create one with: echo -n $(openssl rand -base64 32) > payload.txt';
const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d, 0x0b, 0x0c]);

/**
 * What is wrong with a signing secret (payload-secret), checked on its raw bytes. An empty
 * list means it is fine.
 */
export function assessSigningSecret(value: Buffer | string): SigningProblem[] {
  const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : Buffer.from(value);
  let start = 0;
  let end = bytes.length;
  while (start < end && WHITESPACE.has(bytes[start] ?? 0)) start++;
  while (end > start && WHITESPACE.has(bytes[end - 1] ?? 0)) end--;
  const material = bytes.subarray(start, end);

  if (material.length === 0) {
    const message =
      bytes.length === 0 ? 'The signing secret is empty.' : `The signing secret holds only whitespace (${bytes.length} bytes).`;
    return [{ severity: 'fail', code: 'empty', message, hint: GENERATE }];
  }

  const problems: SigningProblem[] = [];
  const signedRaw =
    'the pro-builder checks signatures over the exact bytes, so clients that use the secret without it have every request refused';
  if (end < bytes.length) {
    const what = bytes.subarray(end).includes(0x0a) ? 'a newline' : 'whitespace';
    problems.push({
      severity: 'fail',
      code: 'trailing-newline',
      message: `The signing secret ends with ${what}; ${signedRaw}.`,
      hint: 'Write it without the newline (echo -n, or printf %s), or let this tool rewrite it.',
    });
  }
  if (start > 0) {
    problems.push({
      severity: 'fail',
      code: 'leading-whitespace',
      message: `The signing secret starts with whitespace; ${signedRaw}.`,
      hint: 'Remove the leading whitespace, or let this tool rewrite the secret.',
    });
  }
  if (material.length < MIN_SECRET_BYTES) {
    problems.push({
      severity: 'fail',
      code: 'too-short',
      message: `The signing secret is ${material.length} bytes long, shorter than the ${MIN_SECRET_BYTES} bytes needed.`,
      hint: GENERATE,
    });
    return problems;
  }
  const distinct = distinctSymbols(material);
  const bits = estimateEntropyBits(material, MIN_ENTROPY_BITS);
  if (distinct < MIN_DISTINCT_SYMBOLS || bits < MIN_ENTROPY_BITS) {
    const why =
      distinct < MIN_DISTINCT_SYMBOLS
        ? `uses only ${distinct} different characters`
        : `has about ${Math.floor(bits)} bits of entropy, against ${MIN_ENTROPY_BITS} needed`;
    problems.push({
      severity: 'warn',
      code: 'low-entropy',
      message: `The signing secret looks guessable: it ${why}.`,
      hint: 'Generate a new one (this tool can, or: echo -n $(openssl rand -base64 32) > payload.txt) and give it to the clients that sign builds.',
    });
  }
  return problems;
}
