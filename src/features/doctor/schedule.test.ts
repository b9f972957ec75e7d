/**
 * The doctor's request schedule: how many waves of requests that wait on answers a run makes, each
 * a round trip far from the API server (issue 16). A Kube that holds every answer until the doctor
 * has gone quiet (no new request for a few event-loop turns) numbers each request 1 + the highest
 * wave answered before it, so the count is exact, not timed. The same bounds hold for the built
 * binary on the real test bed in test/integration/round-trip-waves.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { Kube } from '../../platform/kube/client.js';
import { ALL_CHECKS } from './checks/index.js';
import { createDoctorContext, prefetchCommonReads } from './context.js';
import { runChecks } from './runner.js';
import { BUILDKIT_IMAGE, crashLooping, NS, pod, POD, PRO_BUILDER_IMAGE, running } from './testing/fixtures.js';
import { healthyScenario, type Scenario } from './testing/scenario.js';

interface Call {
  method: string;
  wave: number;
}

/** The Kube with every request numbered by wave; answers are released together once no request came for a few turns. */
function waveKube(kube: Kube): { kube: Kube; calls: Call[] } {
  const calls: Call[] = [];
  let answered = 0;
  let held: { wave: number; release(): void }[] = [];
  let fresh = false;
  let pumping = false;
  const QUIET_TURNS = 5;
  const pump = (quiet: number) => {
    if (fresh) {
      fresh = false;
      setImmediate(() => pump(0));
      return;
    }
    if (quiet < QUIET_TURNS) {
      setImmediate(() => pump(quiet + 1));
      return;
    }
    pumping = false;
    const now = held;
    held = [];
    answered = Math.max(answered, ...now.map((h) => h.wave));
    for (const h of now) h.release();
  };
  const proxy = new Proxy(kube, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const result = (value as (...a: unknown[]) => unknown).apply(target, args);
        if (!(result instanceof Promise)) return result;
        const call = { method: String(prop), wave: answered + 1 };
        calls.push(call);
        fresh = true;
        return new Promise((resolve, reject) => {
          held.push({ wave: call.wave, release: () => result.then(resolve, reject) });
          if (!pumping) {
            pumping = true;
            setImmediate(() => pump(0));
          }
        });
      };
    },
  });
  return { kube: proxy, calls };
}

async function schedule(s: Scenario, concurrency?: number) {
  const { kube, calls } = waveKube(s.kube);
  const ctx = prefetchCommonReads(
    createDoctorContext({ kube, helm: s.helm, namespace: NS, release: 'pro-builder', now: new Date(), helmDriver: 'secret' }),
  );
  const outcomes = await runChecks(ALL_CHECKS, ctx, { concurrency });
  const waves = Math.max(...calls.map((c) => c.wave));
  const text = calls.map((c) => `wave ${c.wave}: ${c.method}`).join('\n');
  return { outcomes, calls, waves, text };
}

describe("the doctor's request schedule", () => {
  it('healthy install: two waves (everything named up front, then logs and events)', async () => {
    const { outcomes, calls, waves, text } = await schedule(await healthyScenario());
    expect(outcomes.filter((o) => o.status === 'fail')).toEqual([]);
    expect(calls.filter((c) => c.method === 'readPodLog').length, text).toBeGreaterThan(0);
    expect(waves, text).toBeLessThanOrEqual(2);
  });

  it('broken install (crash loop with an x509 error in the log, payload-secret gone): no more than three waves', async () => {
    const s = await healthyScenario();
    s.kube.secrets.delete(`${NS}/payload-secret`);
    s.kube.pods.length = 0;
    s.kube.pods.push(
      pod({
        containerStatuses: [
          running('buildkit', BUILDKIT_IMAGE),
          crashLooping('pro-builder', PRO_BUILDER_IMAGE, 6, { reason: 'Error', exitCode: 1 }),
        ],
      }),
    );
    s.kube.logs.set(
      `${POD}/pro-builder`,
      'Starting pro-builder\nlevel=fatal msg="failed to connect to buildkit at tcp://127.0.0.1:1234: x509: certificate signed by unknown authority"\n',
    );
    const { outcomes, waves, text } = await schedule(s);
    expect(outcomes.find((o) => o.id === 'secrets.payload')?.status).toBe('fail');
    expect(outcomes.find((o) => o.id.startsWith('logs.pro-builder/'))?.status, text).toBe('fail');
    expect(waves, text).toBeLessThanOrEqual(3);
  });

  it('does not depend on how many checks run at once: the reads are started by the prefetch, not by checks getting a turn', async () => {
    const { outcomes, waves, text } = await schedule(await healthyScenario(), 1);
    expect(outcomes.filter((o) => o.status === 'fail')).toEqual([]);
    expect(waves, text).toBeLessThanOrEqual(2);
  });
});
