import { describe, expect, it } from 'vitest';
import type { CheckOutcome } from './types.js';
import { waitUntilHealthy } from './wait.js';

const outcome = (status: CheckOutcome['status'], extra: Partial<CheckOutcome> = {}): CheckOutcome => ({
  id: 'workload.deployment',
  checkId: 'workload.deployment',
  category: 'Workload',
  description: 'Deployment availability',
  status,
  summary: status,
  evidence: [],
  durationMs: 0,
  ...extra,
});

function clock() {
  let t = 0;
  return { now: () => t, sleep: async (ms: number) => void (t += ms), elapsed: () => t };
}

describe('waitUntilHealthy', () => {
  it('re-runs until the workload is healthy', async () => {
    const c = clock();
    const answers = [[outcome('warn')], [outcome('fail')], [outcome('pass')]];
    const r = await waitUntilHealthy(async () => answers.shift()!, { timeoutMs: 60_000, intervalMs: 5_000, ...c });
    expect(r).toMatchObject({ healthy: true, reason: 'healthy', attempts: 3 });
    expect(c.elapsed()).toBe(10_000);
  });

  it('stops early on a final cause', async () => {
    const c = clock();
    let runs = 0;
    const r = await waitUntilHealthy(
      async () => {
        runs++;
        return [outcome('warn'), outcome('fail', { id: 'nodes.fit', category: 'Node resources', final: true })];
      },
      { timeoutMs: 60_000, intervalMs: 5_000, ...c },
    );
    expect(r).toMatchObject({ healthy: false, reason: 'final', attempts: 1 });
    expect(runs).toBe(1);
  });

  it('gives up when time runs out, never sleeping past the deadline', async () => {
    const c = clock();
    const r = await waitUntilHealthy(async () => [outcome('warn')], { timeoutMs: 12_000, intervalMs: 5_000, ...c });
    expect(r).toMatchObject({ healthy: false, reason: 'timeout', attempts: 4 });
    expect(c.elapsed()).toBe(12_000);
  });

  it('does not wait on warnings outside the workload', async () => {
    const c = clock();
    const r = await waitUntilHealthy(
      async () => [outcome('pass'), outcome('warn', { id: 'permissions.access', category: 'Permissions' })],
      { timeoutMs: 60_000, intervalMs: 5_000, ...c },
    );
    expect(r).toMatchObject({ healthy: true, attempts: 1 });
  });
});
