import { accept, quoteInput, readInput, reject, type Validation } from './result.js';

/**
 * Kubernetes resource quantities (apimachinery's grammar): a decimal number, then either a binary
 * suffix (Ki..Ei), a decimal exponent (e3, E-2) or a decimal SI suffix (n, u, m, k, M, G, T, P, E).
 */
const QUANTITY = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(?:(Ki|Mi|Gi|Ti|Pi|Ei)|([eE][+-]?\d+)|([numkMGTPE]))?$/;

const BINARY_SHIFT: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL_EXP: Record<string, number> = { n: -9, u: -6, m: -3, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };

export interface Quantity {
  negative: boolean;
  /** The number's digits as an integer; the value is digits × 10^exp10 × 2^shift. */
  digits: bigint;
  exp10: number;
  shift: number;
  suffixKind: 'binary' | 'decimal';
  suffix: string;
}

export function parseQuantity(text: string): Quantity | undefined {
  if (typeof text !== 'string' || text.length > 128) return undefined;
  const m = QUANTITY.exec(text.trim());
  if (!m) return undefined;
  const [, sign, number = '', binary, exponent, decimal] = m;
  const [whole = '', fraction = ''] = number.split('.');
  let exp10 = -fraction.length;
  if (exponent) exp10 += Number(exponent.slice(1));
  if (decimal) exp10 += DECIMAL_EXP[decimal] ?? 0;
  return {
    negative: sign === '-',
    digits: BigInt(`${whole}${fraction}` || '0'),
    exp10,
    shift: binary ? (BINARY_SHIFT[binary] ?? 0) : 0,
    suffixKind: binary ? 'binary' : 'decimal',
    suffix: binary ?? exponent ?? decimal ?? '',
  };
}

/** The quantity × 10^scale as an integer, rounded up like Kubernetes' Value()/MilliValue(). */
function scaled(q: Quantity, scale: number): number {
  if (q.digits === 0n) return 0;
  const e = q.exp10 + scale;
  let magnitude: number;
  if (e > 400) magnitude = Number.POSITIVE_INFINITY;
  else if (e < -400)
    magnitude = 1; // a positive sliver rounds up to one unit
  else {
    let n = q.digits << BigInt(q.shift);
    if (e >= 0) n *= 10n ** BigInt(e);
    else {
      const d = 10n ** BigInt(-e);
      n = (n + d - 1n) / d;
    }
    magnitude = Number(n);
  }
  return q.negative ? -magnitude : magnitude;
}

/** CPU in millicores ("500m" → 500, "2" → 2000); NaN when the text is not a quantity. */
export function parseCpuMillis(text: string): number {
  const q = parseQuantity(text);
  return q ? scaled(q, 3) : Number.NaN;
}

/** Memory in bytes ("512Mi" → 536870912, "1G" → 1e9); NaN when the text is not a quantity. */
export function parseMemoryBytes(text: string): number {
  const q = parseQuantity(text);
  return q ? scaled(q, 0) : Number.NaN;
}

/** Under a megabyte is never a real request; it is "512" typed for "512Mi". */
const MIN_MEMORY_BYTES = 1_000_000;
/** More cores than any single machine offers: almost always "2000" typed for "2000m". */
const MAX_CPU_MILLIS = 1024 * 1000;

function formatCpu(millis: number): string {
  return millis % 1000 === 0 ? String(millis / 1000) : `${millis}m`;
}

function formatMemory(bytes: number, kind: 'binary' | 'decimal'): string {
  const units: [string, number][] =
    kind === 'binary'
      ? [
          ['Ei', 2 ** 60],
          ['Pi', 2 ** 50],
          ['Ti', 2 ** 40],
          ['Gi', 2 ** 30],
          ['Mi', 2 ** 20],
          ['Ki', 2 ** 10],
        ]
      : [
          ['E', 1e18],
          ['P', 1e15],
          ['T', 1e12],
          ['G', 1e9],
          ['M', 1e6],
          ['k', 1e3],
        ];
  for (const [unit, size] of units) {
    if (bytes >= size && bytes % size === 0) return `${bytes / size}${unit}`;
  }
  return String(bytes);
}

/**
 * A CPU or memory request as typed for the BuildKit container. Returns the canonical text
 * ("1.5" → "1500m", "2048Mi" → "2Gi") so values files do not churn between runs.
 */
export function validateQuantity(kind: 'cpu' | 'memory', raw: string): Validation<string> {
  const good = kind === 'cpu' ? 'use cores or millicores, like 2, 1.5 or 500m' : 'use bytes with a unit, like 512Mi, 2Gi or 1G';
  const what = kind === 'cpu' ? 'the CPU request' : 'the memory request';
  const input = readInput(raw, { what, goodValue: good, maxLength: 64 });
  if (!input.ok) return input;
  const s = input.value;
  const q = parseQuantity(s);
  if (!q) return reject(`The ${kind === 'cpu' ? 'CPU' : 'memory'} request ${quoteInput(s)} is not a Kubernetes quantity; ${good}.`);
  const label = kind === 'cpu' ? 'CPU request' : 'memory request';
  if (q.negative && q.digits !== 0n) return reject(`The ${label} ${quoteInput(s)} is negative; ${good}.`);
  if (q.digits === 0n) return reject(`The ${label} ${quoteInput(s)} is zero; ${good}.`);

  if (kind === 'cpu') {
    if (q.suffixKind === 'binary') {
      return reject(`The CPU request ${quoteInput(s)} uses a memory unit; CPU is counted in cores, like 2, 1.5 or 500m.`);
    }
    const millis = scaled(q, 3);
    if (millis > MAX_CPU_MILLIS) {
      const hint = /^\d+$/.test(s) ? ` (did you mean ${s}m?)` : '';
      return reject(`The CPU request ${quoteInput(s)} is more than 1024 cores${hint}; ${good}.`);
    }
    // Anything under a millicore was already rounded up to 1m by scaled().
    return accept(formatCpu(millis));
  }

  if (['m', 'u', 'n'].includes(q.suffix)) {
    return reject(`The memory request ${quoteInput(s)} is in fractions of a byte ("${q.suffix}"); ${good}.`);
  }
  const bytes = scaled(q, 0);
  if (!Number.isSafeInteger(bytes)) return reject(`The memory request ${quoteInput(s)} is too large; ${good}.`);
  if (bytes < MIN_MEMORY_BYTES) {
    const hint = /^\d+$/.test(s) ? ` (did you mean ${s}Mi?)` : '';
    return reject(`The memory request ${quoteInput(s)} is less than a megabyte${hint}; ${good}.`);
  }
  return accept(formatMemory(bytes, q.suffixKind));
}
