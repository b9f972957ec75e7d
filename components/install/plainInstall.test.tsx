import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseArgs, type InstallOptions } from '../../src/cli/args.js';
import { applyInstallPlan, type ApplyDeps, type ApplyResult } from '../../src/features/install/apply.js';
import type { FlagResolution } from '../../src/features/install/flags.js';
import type { InstallPlan } from '../../src/features/install/plan.js';
import { testAnswers, testPlan } from '../../src/features/install/plan.testkit.js';
import type { RolloutWatch } from '../../src/shared/rollout/rollout.js';
import type { Kube } from '../../src/platform/kube/client.js';
import type { Services } from '../services/ServicesContext.js';
import { fakeServices } from '../testing/fakes.js';
import { FakeKube } from '../../src/platform/testing/fakeKube.js';
import { runPlainInstall, type PlainIo } from './plainInstall.js';
import { referenceChartDir, referencePresent } from '../../test/support/referenceData.js';
import { unpackedChart } from '../../test/support/helmRepo.js';

const CHART = referenceChartDir('0.6.10');

function options(argv: string[]): InstallOptions {
  const parsed = parseArgs(['install', ...argv]);
  if (parsed.kind !== 'install') throw new Error('bad argv');
  return parsed.options;
}

const COMPLETE: FlagResolution = { answers: testAnswers(), partial: {}, missing: [], invalid: [] };

/** An io whose Ctrl+C the test presses. */
function io() {
  let out = '';
  let err = '';
  let handler: (() => void) | undefined;
  const value: PlainIo = {
    out: (t) => void (out += t),
    err: (t) => void (err += t),
    onInterrupt: (h) => {
      handler = h;
      return () => (handler = undefined);
    },
  };
  return { io: value, ctrlC: () => handler?.(), text: () => ({ out, err }), subscribed: () => handler !== undefined };
}

describe('runPlainInstall and Ctrl+C', () => {
  it('before the apply: exits 130 at once, nothing changed', async () => {
    const t = io();
    const kube = new FakeKube().addNamespace('openfaas');
    let started!: () => void;
    const preparing = new Promise<void>((r) => (started = r));
    const services = fakeServices({
      kube,
      prepare: () => {
        started();
        return new Promise<InstallPlan>(() => undefined); // a slow cluster read
      },
    });
    const run = runPlainInstall(options(['--yes']), COMPLETE, services, t.io);
    await preparing;
    t.ctrlC();
    expect(await run).toBe(130);
    expect(t.text().err).toContain('Cancelled. Nothing was changed.');
    expect(kube.writes).toEqual([]);
    expect(t.subscribed()).toBe(false);
  });

  it('during the apply: the running step finishes, the next never starts, exit 130', async () => {
    const t = io();
    let release: (() => void) | undefined;
    const apply: Services['apply'] = async (_p: InstallPlan, deps: ApplyDeps): Promise<ApplyResult> => {
      deps.onStep?.({ id: 'a', title: 'Create secret openfaas/registry-secret', status: 'running' });
      await new Promise<void>((r) => (release = r));
      deps.onStep?.({ id: 'a', title: 'Create secret openfaas/registry-secret', status: 'done' });
      // As applyInstallPlan does: the signal is read before each step starts.
      if (deps.signal?.aborted)
        return {
          ok: false,
          stopped: true,
          steps: [{ id: 'a', title: 'Create secret openfaas/registry-secret', status: 'done' }],
          backups: [],
        };
      deps.onStep?.({ id: 'b', title: 'helm upgrade', status: 'running' });
      throw new Error('helm must not start after Ctrl+C');
    };
    const services = fakeServices({ prepare: async () => testPlan(), apply });
    const run = runPlainInstall(options(['--yes']), COMPLETE, services, t.io);
    await new Promise<void>((r) => {
      const poll = () => (release ? r() : setTimeout(poll, 2));
      poll();
    });
    t.ctrlC();
    release?.();
    expect(await run).toBe(130);
    const { out, err } = t.text();
    expect(out).toContain('✓ Create secret openfaas/registry-secret');
    expect(out).not.toContain('helm upgrade\n');
    expect(err).toContain('Stopping after the current step');
    expect(err).toContain('Re-run the same command to finish');
  });

  it('during the rollout: stops watching and exits 130', async () => {
    const t = io();
    const waitForRollout = (_k: Kube, _n: string, _r: string, w: RolloutWatch) =>
      new Promise<{ ok: false; timedOut: false; warnings: [] }>((resolve) => {
        w.signal?.addEventListener('abort', () => resolve({ ok: false, timedOut: false, warnings: [] }));
        setImmediate(() => t.ctrlC());
      });
    const services = fakeServices({
      prepare: async () => testPlan(),
      apply: async () => ({ ok: true, steps: [], backups: [] }),
      waitForRollout: waitForRollout as Services['waitForRollout'],
    });
    expect(await runPlainInstall(options(['--yes']), COMPLETE, services, t.io)).toBe(130);
    expect(t.text().err).toContain('Stopped watching the rollout. The install was applied');
  });

  it.skipIf(!existsSync(CHART))('a license problem found while planning is a usage error (2) with its next step', async () => {
    const t = io();
    const kube = new FakeKube().addNamespace('openfaas');
    const { prepareInstallPlan } = await import('../../src/features/install/prepare.js');
    const noLicense: FlagResolution = {
      ...COMPLETE,
      answers: testAnswers({
        license: undefined,
        licensePath: undefined,
        chart: CHART,
        outputDir: '/nonexistent-pbs',
        valuesFile: '/nonexistent-pbs/v.yaml',
      }),
    };
    const services = fakeServices({ kube, prepare: prepareInstallPlan, apply: applyInstallPlan });
    const code = await runPlainInstall(options(['--yes']), noLicense, services, t.io);
    expect(code).toBe(2);
    expect(t.text().err).toContain('Next: Pass --license-file <path>');
    expect(kube.writes).toEqual([]);
  });

  it.runIf(referencePresent)(
    'a chart too old for the registry path is a usage error (2) naming the version that adds it, before anything changes',
    async () => {
      const t = io();
      const kube = new FakeKube().addNamespace('openfaas');
      const { prepareInstallPlan } = await import('../../src/features/install/prepare.js');
      const registry = {
        kind: 'ecr-irsa' as const,
        accountId: '123456789012',
        region: 'eu-west-1',
        roleArn: 'arn:aws:iam::123456789012:role/pro-builder',
      };
      const tooOld: FlagResolution = {
        ...COMPLETE,
        answers: testAnswers({
          registry,
          chart: unpackedChart('0.4.18'),
          outputDir: '/nonexistent-pbs',
          valuesFile: '/nonexistent-pbs/v.yaml',
        }),
      };
      const services = fakeServices({ kube, prepare: prepareInstallPlan, apply: applyInstallPlan });
      const code = await runPlainInstall(options(['--yes']), tooOld, services, t.io);
      expect(code).toBe(2);
      expect(t.text().err).toContain(
        'pro-builder chart 0.4.18 does not render serviceAccount (the IRSA service account), which ECR with IRSA needs; chart 0.4.19 adds it.',
      );
      expect(t.text().err).toContain('--chart-version 0.4.19 or newer');
      expect(kube.writes).toEqual([]);
    },
  );
});
