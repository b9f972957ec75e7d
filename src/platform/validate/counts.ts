import { accept, capitalise, readInput, reject, type Validation } from './result.js';

interface CountRule {
  what: string;
  min: number;
  max: number;
  example: string;
}

function validateCount(raw: string | number, r: CountRule): Validation<number> {
  const range = `a whole number from ${r.min} to ${r.max}, like ${r.example}`;
  const good = `use ${range}`;
  let n: number;
  if (typeof raw === 'number') {
    n = raw;
  } else {
    const input = readInput(raw, { what: r.what, goodValue: good, maxLength: 16 });
    if (!input.ok) return input;
    // Digits only: Number() would also take "1e2", "0x10" and "  ", none of which a person means.
    if (!/^\d+$/.test(input.value)) return reject(`${capitalise(r.what)} must be ${range}.`);
    n = Number(input.value);
  }
  if (!Number.isInteger(n)) return reject(`${capitalise(r.what)} must be ${range}.`);
  if (n < r.min || n > r.max) return reject(`${capitalise(r.what)} is ${n}, outside the range; ${good}.`);
  return accept(n);
}

/** Concurrent builds per replica; 0 means no limit (the chart's default). */
export function validateMaxInflight(raw: string | number): Validation<number> {
  return validateCount(raw, { what: 'the build limit (max inflight)', min: 0, max: 1000, example: '0 for no limit or 10' });
}

export function validateReplicas(raw: string | number): Validation<number> {
  return validateCount(raw, { what: 'the number of replicas', min: 1, max: 100, example: '1' });
}
