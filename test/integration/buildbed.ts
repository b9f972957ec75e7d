import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe } from 'vitest';
import { buildbedAvailability, rootlessAvailability } from '../buildbed/binaries.js';
import { testbed } from './testbed.js';

const availability = buildbedAvailability();

/** Why the BuildKit tests skip, or undefined when they run. */
export const buildbedSkipReason = availability.available ? undefined : availability.reason;

/** describe() that runs only when a real buildkitd, registry and runc can run here (as root). */
export const describeWithBuildKit: (name: string, fn: () => void) => void = availability.available
  ? describe
  : (name, fn) => describe.skip(`${name} (skipped: ${buildbedSkipReason})`, fn);

const rootless = rootlessAvailability();

/** describe() that needs rootless buildkitd (rootlesskit, uidmap, the pbs-rootless user). */
export const describeWithRootlessBuildKit: (name: string, fn: () => void) => void = rootless.available
  ? describe
  : (name, fn) => describe.skip(`${name} (skipped: ${rootless.reason})`, fn);

/** describe() that also needs the control plane. */
export const describeWithBuildKitAndCluster: (name: string, fn: () => void) => void =
  availability.available && testbed.available
    ? describe
    : (name, fn) => describe.skip(`${name} (skipped: ${buildbedSkipReason ?? testbed.reason})`, fn);

const fixturesDir = resolve(import.meta.dirname, '../fixtures/buildkit');

/**
 * Real error texts are kept as fixtures (test/fixtures/buildkit/<name>.txt) for the doctor's log
 * patterns and the test-build feature's cause mapping (src/features/doctor/logPatternFixtures.test.ts
 * maps every file to both). Lines starting with "# " are a header saying where a text came from
 * (provoked by hand, or upstream source text for what the test bed cannot provoke); recorded files
 * have none. They are rewritten only on request:
 * PBS_RECORD_BUILDKIT_FIXTURES=1 npx vitest run --project integration test/integration/buildkit-*.test.ts
 */
export function recordFixture(name: string, text: string): void {
  if (process.env['PBS_RECORD_BUILDKIT_FIXTURES'] !== '1') return;
  mkdirSync(fixturesDir, { recursive: true });
  writeFileSync(resolve(fixturesDir, `${name}.txt`), text.endsWith('\n') ? text : `${text}\n`);
}
