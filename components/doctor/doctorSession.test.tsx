import { describe, expect, it, vi } from 'vitest';
import type { DoctorContext } from '../../src/features/doctor/context.js';
import type { Check, CheckResult } from '../../src/features/doctor/types.js';
import { runDoctorSession } from './doctorSession.js';

/** A context stand-in: these checks read nothing from it, but each attempt must get a new one. */
const fakeContext = () => ({}) as DoctorContext;

function scriptedCheck(id: string, category: Check['category'], results: CheckResult[]): Check {
  let call = 0;
  return { id, category, description: id, run: async () => results[Math.min(call++, results.length - 1)]! };
}

const pass: CheckResult = { status: 'pass', summary: 'fine', evidence: [] };
const rollingOut: CheckResult = { status: 'warn', summary: 'Deployment pro-builder is rolling out: 0/1 replicas available.', evidence: [] };

function clock() {
  let t = 0;
  return { now: () => t, sleep: vi.fn(async (ms: number) => void (t += ms)) };
}

describe('runDoctorSession', () => {
  it('runs once without --wait, with the exit code of the report', async () => {
    const makeContext = vi.fn(fakeContext);
    const r = await runDoctorSession({ checks: [scriptedCheck('workload.deployment', 'Workload', [rollingOut])], makeContext });
    expect(r).toMatchObject({ exitCode: 4, attempts: 1 });
    expect(r.waitReason).toBeUndefined();
    expect(makeContext).toHaveBeenCalledTimes(1);
  });

  it('with --wait re-checks with a fresh context until healthy, reporting each attempt', async () => {
    const c = clock();
    const makeContext = vi.fn(fakeContext);
    const started: number[] = [];
    const finished: string[] = [];
    const r = await runDoctorSession({
      checks: [scriptedCheck('workload.deployment', 'Workload', [rollingOut, rollingOut, pass])],
      makeContext,
      wait: { timeoutMs: 60_000, intervalMs: 5_000, ...c },
      onAttemptStarted: (a) => started.push(a),
      onAttemptFinished: (a, o) => finished.push(`${a}:${o[0]!.status}`),
    });
    expect(r).toMatchObject({ exitCode: 0, attempts: 3, waitReason: 'healthy' });
    expect(started).toEqual([1, 2, 3]);
    expect(finished).toEqual(['1:warn', '2:warn', '3:pass']);
    expect(makeContext).toHaveBeenCalledTimes(3);
    expect(c.sleep).toHaveBeenCalledTimes(2);
  });

  it("stops early on a final failure, and on timeout keeps the last report's exit code", async () => {
    const unschedulable: CheckResult = { status: 'fail', summary: 'short by 1100m', evidence: [], final: true };
    const stop = await runDoctorSession({
      checks: [scriptedCheck('nodes.fit', 'Node resources', [unschedulable])],
      makeContext: fakeContext,
      wait: { timeoutMs: 60_000, intervalMs: 5_000, ...clock() },
    });
    expect(stop).toMatchObject({ exitCode: 3, attempts: 1, waitReason: 'final' });

    const timeout = await runDoctorSession({
      checks: [scriptedCheck('workload.deployment', 'Workload', [rollingOut])],
      makeContext: fakeContext,
      wait: { timeoutMs: 12_000, intervalMs: 5_000, ...clock() },
    });
    expect(timeout).toMatchObject({ exitCode: 4, waitReason: 'timeout', attempts: 4 });
  });

  it('with --wait and afterWait checks (doctor --build --wait): waits for health without them, then runs them once in a last full round', async () => {
    const c = clock();
    const build = vi.fn(async () => ({ status: 'pass', summary: 'Built and pushed', evidence: [] }) satisfies CheckResult);
    const buildCheck: Check = {
      id: 'build.end-to-end',
      category: 'Build',
      description: 'Test build',
      needs: ['workload.deployment'],
      run: build,
    };
    const seen: string[][] = [];
    const r = await runDoctorSession({
      checks: [scriptedCheck('workload.deployment', 'Workload', [rollingOut, rollingOut, pass])],
      afterWait: [buildCheck],
      makeContext: fakeContext,
      wait: { timeoutMs: 60_000, intervalMs: 5_000, ...c },
      onAttemptFinished: (_a, o) => seen.push(o.map((x) => `${x.id}:${x.status}`)),
    });
    expect(build).toHaveBeenCalledTimes(1);
    expect(seen).toEqual([
      ['workload.deployment:warn'],
      ['workload.deployment:warn'],
      ['workload.deployment:pass'],
      ['workload.deployment:pass', 'build.end-to-end:pass'],
    ]);
    expect(r).toMatchObject({ exitCode: 0, waitReason: 'healthy', attempts: 4 });
    expect(r.outcomes.map((o) => o.id)).toEqual(['workload.deployment', 'build.end-to-end']);
  });

  it('with --wait and afterWait checks: never builds when waiting ends without health, and says why', async () => {
    const build = vi.fn(async () => ({ status: 'pass', summary: 'Built', evidence: [] }) satisfies CheckResult);
    const r = await runDoctorSession({
      checks: [scriptedCheck('workload.deployment', 'Workload', [rollingOut])],
      afterWait: [{ id: 'build.end-to-end', category: 'Build', description: 'Test build', needs: ['workload.deployment'], run: build }],
      makeContext: fakeContext,
      wait: { timeoutMs: 12_000, intervalMs: 5_000, ...clock() },
    });
    expect(build).not.toHaveBeenCalled();
    expect(r.outcomes.at(-1)).toMatchObject({
      id: 'build.end-to-end',
      status: 'skipped',
      summary: expect.stringContaining('did not become healthy (the time given to --wait ran out)'),
    });
    expect(r).toMatchObject({ exitCode: 4, waitReason: 'timeout' });
  });

  it('with --wait and afterWait checks: a failure or warning the build does not need does not hold the build back', async () => {
    const build = vi.fn(async () => ({ status: 'pass', summary: 'Built', evidence: [] }) satisfies CheckResult);
    const noRelease: CheckResult = { status: 'fail', summary: 'No helm release pro-builder.', evidence: [] };
    const r = await runDoctorSession({
      checks: [
        scriptedCheck('helm.release', 'Helm release', [noRelease]),
        scriptedCheck('workload.pods', 'Workload', [rollingOut]),
        scriptedCheck('workload.deployment', 'Workload', [rollingOut, pass]),
      ],
      afterWait: [{ id: 'build.end-to-end', category: 'Build', description: 'Test build', needs: ['workload.deployment'], run: build }],
      makeContext: fakeContext,
      wait: { timeoutMs: 60_000, intervalMs: 5_000, ...clock() },
    });
    expect(build).toHaveBeenCalledTimes(1);
    expect(r).toMatchObject({ exitCode: 3, waitReason: 'healthy', attempts: 3 });
  });

  it('without --wait runs afterWait checks with the others', async () => {
    const build = vi.fn(async () => ({ status: 'pass', summary: 'Built', evidence: [] }) satisfies CheckResult);
    const r = await runDoctorSession({
      checks: [scriptedCheck('workload.deployment', 'Workload', [pass])],
      afterWait: [{ id: 'build.end-to-end', category: 'Build', description: 'Test build', run: build }],
      makeContext: fakeContext,
    });
    expect(build).toHaveBeenCalledTimes(1);
    expect(r).toMatchObject({ exitCode: 0, attempts: 1 });
  });
});
