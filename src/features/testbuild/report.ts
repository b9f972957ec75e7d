import type { BuilderTestReport } from '../../shared/builder/testBuild.js';

/** The --output json document: one object, the same fields whether it pushed or not. */
export function testBuildJson(r: BuilderTestReport): string {
  return `${JSON.stringify(
    {
      status: r.status,
      image: r.image,
      digest: r.digest ?? null,
      duration: Math.round(r.durationMs) / 1000,
      log: r.log,
      cause: r.cause ?? null,
      message: r.summary ?? null,
      fix: r.fix ?? null,
    },
    null,
    2,
  )}\n`;
}

/** The closing lines of a plain or terminal run. */
export function testBuildSummary(r: BuilderTestReport): string[] {
  const seconds = `${(r.durationMs / 1000).toFixed(1)}s`;
  if (r.status === 'pushed') {
    return [`Pushed ${r.image}${r.digest ? `@${r.digest}` : ''} in ${seconds}.`];
  }
  return [`Test build failed (${r.cause}) after ${seconds}: ${r.summary}`, `Fix: ${r.fix}`];
}
