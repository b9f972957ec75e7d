/** Median, min and max of a list of numbers (the median of an even count is the mean of the middle two). */
export function summarize(samples) {
  if (samples.length === 0) throw new Error('no samples to summarize');
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1], n: sorted.length };
}

/** Milliseconds since `start` (a process.hrtime.bigint() value). */
export function msSince(start) {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/**
 * Runs subject and baseline alternately `runs` times (after `warmup` unmeasured rounds), so drift in
 * machine load hits both sides alike, and returns both summaries plus the per-pair ratio summary.
 */
export async function paired({ runs, warmup = 1, subject, baseline }) {
  for (let i = 0; i < warmup; i++) {
    await baseline();
    await subject();
  }
  const s = [];
  const b = [];
  const ratios = [];
  for (let i = 0; i < runs; i++) {
    const bt = await baseline();
    const st = await subject();
    b.push(bt);
    s.push(st);
    ratios.push(st / bt);
  }
  return { subject: summarize(s), baseline: summarize(b), ratio: summarize(ratios) };
}

/** Runs fn `runs` times after `warmup` unmeasured runs; fn returns milliseconds. */
export async function repeat(runs, fn, warmup = 1) {
  for (let i = 0; i < warmup; i++) await fn();
  const out = [];
  for (let i = 0; i < runs; i++) out.push(await fn());
  return out;
}
