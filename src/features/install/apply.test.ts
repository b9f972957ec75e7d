import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ReleaseHelm } from '../../shared/testing/fakes.js';
import { FakeKube } from '../../platform/testing/fakeKube.js';
import type { StepEvent } from '../../shared/steps/stepEvent.js';
import { applyInstallPlan } from './apply.js';
import { testPlan } from './plan.testkit.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pbs-apply-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('applyInstallPlan with a stop signal', () => {
  const plan = () => testPlan({ answers: { outputDir: dir, valuesFile: join(dir, 'values.yaml') } });

  it('finishes the running step, starts no other, and says it stopped (no step failed, no error)', async () => {
    const kube = new FakeKube();
    kube.namespaces.set('openfaas', { metadata: { name: 'openfaas' } });
    const helm = new ReleaseHelm();
    const stop = new AbortController();
    const events: StepEvent[] = [];
    const result = await applyInstallPlan(plan(), {
      kube,
      helm,
      signal: stop.signal,
      onStep: (e) => {
        events.push(e);
        // Ctrl+C while the first step runs.
        if (e.status === 'running') stop.abort();
      },
    });
    expect(result).toMatchObject({ ok: false, stopped: true });
    expect(result.error).toBeUndefined();
    const started = events.filter((e) => e.status === 'running');
    expect(started).toHaveLength(1);
    expect(events.find((e) => e.id === started[0]!.id && e.status === 'done')).toBeDefined();
    expect(result.steps.some((s) => s.status === 'failed' || s.status === 'running')).toBe(false);
    expect(helm.runs).toEqual([]);
  });

  it('without an abort, runs every step', async () => {
    const kube = new FakeKube();
    kube.namespaces.set('openfaas', { metadata: { name: 'openfaas' } });
    const result = await applyInstallPlan(plan(), { kube, helm: new ReleaseHelm(), signal: new AbortController().signal });
    // ReleaseHelm knows no "upgrade": the helm step fails, after every earlier step ran.
    expect(result.stopped).toBeUndefined();
    expect(result.steps.some((s) => s.id.startsWith('helm/') && s.status === 'failed')).toBe(true);
  });
});

describe("applyInstallPlan removing helm's stale pending record", () => {
  const record = (uid: string, status = 'pending-upgrade') => ({
    type: 'helm.sh/release.v1',
    metadata: {
      name: 'sh.helm.release.v1.pro-builder.v2',
      namespace: 'openfaas',
      uid,
      labels: { owner: 'helm', name: 'pro-builder', status },
    },
  });
  /** helm that succeeds at everything it is asked: the steps before the record's removal pass. */
  const helmThatSucceeds = {
    bin: 'helm',
    version: async () => new ReleaseHelm().version(),
    run: async () => ({ exitCode: 0, stdout: '', stderr: '' }),
  };
  const setup = () => {
    const kube = new FakeKube();
    kube.namespaces.set('openfaas', { metadata: { name: 'openfaas' } });
    kube.secrets.set('openfaas/sh.helm.release.v1.pro-builder.v2', record('read-uid'));
    const plan = { ...testPlan({ answers: { outputDir: dir, valuesFile: join(dir, 'values.yaml') } }), stalePendingRevision: 2 };
    return { kube, plan };
  };

  it('removes the pending record it read', async () => {
    const { kube, plan } = setup();
    const result = await applyInstallPlan(plan, { kube, helm: helmThatSucceeds });
    expect(result.error).toBeUndefined();
    expect(result.steps.find((s) => s.id === 'helm/stale-pending')).toMatchObject({ status: 'done' });
    expect(kube.secrets.has('openfaas/sh.helm.release.v1.pro-builder.v2')).toBe(false);
  });

  it('keeps a record deleted and written again after it was read (uid precondition), and the install still succeeds', async () => {
    const { kube, plan } = setup();
    const read = kube.getSecret.bind(kube);
    kube.getSecret = async (ns: string, name: string) => {
      const seen = await read(ns, name);
      // Between the read and the delete, the record is replaced: same name, a new object.
      if (name.startsWith('sh.helm.release.v1.')) kube.secrets.set(`${ns}/${name}`, record('someone-elses'));
      return seen;
    };
    const result = await applyInstallPlan(plan, { kube, helm: helmThatSucceeds });
    expect(result.ok).toBe(true);
    expect(result.steps.find((s) => s.id === 'helm/stale-pending')?.detail).toMatch(/kept: it was written again since it was read/);
    expect(kube.secrets.get('openfaas/sh.helm.release.v1.pro-builder.v2')?.metadata?.uid).toBe('someone-elses');
  });
});
