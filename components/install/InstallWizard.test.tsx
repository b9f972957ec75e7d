import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { parseArgs, type InstallOptions } from '../../src/cli/args.js';
import type { ApplyDeps, ApplyResult } from '../../src/features/install/apply.js';
import type { InstallAnswers } from '../../src/features/install/answers.js';
import type { FlagResolution } from '../../src/features/install/flags.js';
import type { InstallPlan } from '../../src/features/install/plan.js';
import { existingSecret, testPlan } from '../../src/features/install/plan.testkit.js';
import { NO_KUBECONFIG_NEXT_STEP } from '../../src/platform/kube/config.js';
import { KubeError } from '../../src/platform/kube/errors.js';
import { privateRegistryConfig, serializeDockerConfig } from '../../src/shared/registry/dockerConfig.js';
import { secretManifest } from '../../src/shared/secrets/manifests.js';
import { ServicesProvider, type Services } from '../services/ServicesContext.js';
import { fakeFiles, fakeServices } from '../testing/fakes.js';
import { FakeKube } from '../../src/platform/testing/fakeKube.js';
import { KEY } from '../testing/keys.js';
import { flat, waitFor, waitForFrame } from '../testing/waitForFrame.js';
import { InstallWizard } from './InstallWizard.js';

afterEach(() => cleanup());

const LICENSE_PATH = '/home/test/.openfaas/LICENSE';

function options(argv: string[] = []): InstallOptions {
  const parsed = parseArgs(['install', ...argv]);
  if (parsed.kind !== 'install') throw new Error('bad argv');
  return parsed.options;
}

function flags(partial: FlagResolution['partial'] = {}): FlagResolution {
  return {
    partial: {
      namespace: 'openfaas',
      release: 'pro-builder',
      timeoutMs: 300_000,
      valuesFile: '/work/site/custom-values.yaml',
      outputDir: '/work/site',
      chart: 'openfaas/pro-builder',
      buildkitMode: 'rootless',
      rotateSigningSecret: false,
      skipRepoAdd: false,
      licensePath: LICENSE_PATH,
      license: Buffer.from('LICENSE-CONTENT'),
      ...partial,
    },
    missing: [],
    invalid: [],
  };
}

function setup(
  o: {
    options?: InstallOptions;
    flags?: FlagResolution;
    services?: Partial<Omit<Services, 'files'>>;
    kube?: FakeKube;
    onPasteable?: (text: string) => void;
  } = {},
) {
  const kube = o.kube ?? new FakeKube().addNamespace('openfaas');
  const prepare = vi.fn(async (answers: InstallAnswers) => testPlan({ answers }));
  const services = fakeServices({ kube, files: fakeFiles({ [LICENSE_PATH]: 'LICENSE-CONTENT' }), prepare, ...o.services });
  const onExit = vi.fn();
  const r = render(
    <ServicesProvider services={services}>
      <InstallWizard options={o.options ?? options()} flags={o.flags ?? flags()} onExit={onExit} onPasteable={o.onPasteable} />
    </ServicesProvider>,
  );
  return { ...r, onExit, prepare, kube, services };
}

/** Registry and BuildKit mode from flags (ttl.sh): the cluster and the license are all the wizard asks before the review. */
function setupTtlsh(buildkitMode: 'root' | 'rootless', o: Omit<NonNullable<Parameters<typeof setup>[0]>, 'options' | 'flags'> = {}) {
  return setup({
    options: options(['--registry', 'ttlsh', '--buildkit-mode', buildkitMode]),
    flags: flags({ registry: { kind: 'ttlsh' } }),
    ...o,
  });
}

async function confirmCluster(r: ReturnType<typeof setup>) {
  await waitForFrame(r.lastFrame, 'Install into this cluster?');
  r.stdin.write(KEY.down);
  await waitForFrame(r.lastFrame, '❯ Yes');
  r.stdin.write(KEY.enter);
}

/** Yes to the cluster, Enter on the license file the flags gave. */
async function passClusterAndLicense(r: ReturnType<typeof setup>) {
  await confirmCluster(r);
  await waitForFrame(r.lastFrame, 'License file:');
  r.stdin.write(KEY.enter);
}

/**
 * The wizard applying (y on the review) with an apply that starts its first step and holds it until
 * release(); then, as applyInstallPlan does, it reads the signal before the next step starts (which
 * must not start once stopped).
 */
async function startHeldApply() {
  let release!: () => void;
  const apply = async (_plan: InstallPlan, deps: ApplyDeps): Promise<ApplyResult> => {
    deps.onStep?.({ id: 'secret/a', title: 'Create secret openfaas/registry-secret', status: 'running' });
    await new Promise<void>((r) => (release = r));
    deps.onStep?.({ id: 'secret/a', title: 'Create secret openfaas/registry-secret', status: 'done' });
    if (deps.signal?.aborted) return { ok: false, stopped: true, steps: [{ id: 'secret/a', title: 'x', status: 'done' }], backups: [] };
    deps.onStep?.({ id: 'helm/0', title: 'helm upgrade', status: 'running' });
    throw new Error('the second step must not start');
  };
  const r = setupTtlsh('rootless', { services: { apply } });
  await passClusterAndLicense(r);
  await waitForFrame(r.lastFrame, 'Apply? (y/N)');
  r.stdin.write('y');
  await waitForFrame(r.lastFrame, 'Create secret openfaas/registry-secret');
  return { r, release: () => release() };
}

/** After a stop request during the held first step: it finishes, nothing else starts, exit 130 with the re-run advice. */
async function expectStoppedAfterFirstStep(r: ReturnType<typeof setup>, release: () => void) {
  await waitForFrame(r.lastFrame, 'Stopping after the current step');
  release();
  await waitFor(() => r.onExit.mock.calls.length > 0);
  expect(r.onExit).toHaveBeenCalledWith(130);
  const frame = flat(await waitForFrame(r.lastFrame, 'Re-run the same command'));
  expect(frame).toContain('✓ Create secret openfaas/registry-secret');
  expect(frame).not.toContain('helm upgrade');
}

describe('InstallWizard', () => {
  it('walks cluster → license → registry → BuildKit → review → apply → rollout → done', async () => {
    const r = setup();
    // The total is not guessed before the cluster is read, so it never shrinks from one screen to the next.
    const first = await waitForFrame(r.lastFrame, 'Install into this cluster?');
    expect(first).toContain('Step 1 · Cluster');
    expect(first).not.toContain('of 9');
    await confirmCluster(r);
    expect(await waitForFrame(r.lastFrame, 'License file:')).toContain('Step 2 of 8 · License');
    r.stdin.write(KEY.enter);
    expect(await waitForFrame(r.lastFrame, 'Which registry')).toContain('Step 3 of 8 · Registry');
    r.stdin.write(KEY.enter); // ttl.sh
    // No payload-secret in the cluster: nothing to ask about signing.
    expect(await waitForFrame(r.lastFrame, 'How should BuildKit run?')).toContain('Step 4 of 8 · BuildKit');
    r.stdin.write(KEY.enter);
    await waitForFrame(r.lastFrame, 'Build limits');
    r.stdin.write(KEY.enter);
    expect(await waitForFrame(r.lastFrame, 'Apply? (y/N)')).toContain('Step 5 of 8 · Review');
    const answers = r.prepare.mock.calls[0]![0];
    expect(answers).toMatchObject({
      namespace: 'openfaas',
      registry: { kind: 'ttlsh' },
      buildkitMode: 'rootless',
      licensePath: LICENSE_PATH,
    });
    r.stdin.write('y');
    await waitFor(() => r.onExit.mock.calls.length > 0);
    expect(r.onExit).toHaveBeenCalledWith(0);
    const frame = flat(r.lastFrame());
    expect(frame).toContain('Step 8 of 8 · Done');
    expect(frame).toContain('kubectl port-forward -n openfaas deploy/pro-builder 8081:8080');
  });

  it('hands over the equivalent command line, to be printed whole after the screen is gone', async () => {
    const onPasteable = vi.fn();
    const r = setupTtlsh('rootless', { onPasteable });
    await passClusterAndLicense(r);
    await waitForFrame(r.lastFrame, 'Apply? (y/N)');
    const text = onPasteable.mock.calls.at(-1)![0] as string;
    expect(text).toMatch(/^The same install without questions:\nprobuilder-setup install \\\n {4}/);
    expect(text).toContain('--registry ttlsh');
    r.stdin.write('n');
    await waitFor(() => r.onExit.mock.calls.length > 0);
  }, 20_000);

  it('skips what flags answered and what the cluster already has', async () => {
    const kube = new FakeKube().addNamespace('openfaas');
    kube.secrets.set('openfaas/openfaas-license', existingSecret('license', { license: 'x' }));
    kube.secrets.set('openfaas/payload-secret', existingSecret('payload', { 'payload-secret': 'y'.repeat(44) }));
    const r = setup({ kube, options: options(['--registry', 'ttlsh']), flags: flags({ registry: { kind: 'ttlsh' } }) });
    await confirmCluster(r);
    // License kept (in the cluster), registry from the flag: the signing question comes next.
    expect(await waitForFrame(r.lastFrame, 'Keep it')).toContain('Step 2 of 7 · Signing secret');
    r.stdin.write(KEY.escape); // back skips the flag-answered registry and the moot license
    expect(await waitForFrame(r.lastFrame, 'Install into this cluster?')).toContain('Step 1 of 7 · Cluster');
  });

  it("on a re-run, highlights the registry the cluster's install uses, and shows no credential of it", async () => {
    const kube = new FakeKube().addNamespace('openfaas');
    kube.secrets.set(
      'openfaas/registry-secret',
      secretManifest('registry-secret', 'openfaas', {
        'config.json': serializeDockerConfig(privateRegistryConfig('ghcr.io', 'alice', 'pw-never-shown')),
      }),
    );
    const r = setup({ kube });
    await passClusterAndLicense(r);
    expect(flat(await waitForFrame(r.lastFrame, 'Which registry'))).toMatch(/❯ A private registry.*in use now: ghcr\.io/);
    r.stdin.write(KEY.enter);
    await waitForFrame(r.lastFrame, 'Registry server: ghcr.io');
    expect(r.frames.join('\n')).not.toContain('pw-never-shown');
  });

  it('Esc goes back one question and keeps earlier answers', async () => {
    const r = setup();
    await passClusterAndLicense(r);
    await waitForFrame(r.lastFrame, 'Which registry');
    r.stdin.write(KEY.escape);
    expect(await waitForFrame(r.lastFrame, 'License file:')).toContain(LICENSE_PATH);
  });

  it('Ctrl+C before the apply ends at once with 130 and changes nothing', async () => {
    const r = setup();
    await waitForFrame(r.lastFrame, 'Install into this cluster?');
    r.stdin.write(KEY.ctrlC);
    await waitFor(() => r.onExit.mock.calls.length > 0);
    expect(r.onExit).toHaveBeenCalledWith(130);
    expect(await waitForFrame(r.lastFrame, 'Cancelled. Nothing was changed.')).toBeTruthy();
    expect(r.kube.writes).toEqual([]);
  });

  it('Ctrl+C during the apply finishes the current step, stops, and says to re-run', async () => {
    const { r, release } = await startHeldApply();
    r.stdin.write(KEY.ctrlC);
    await expectStoppedAfterFirstStep(r, release);
  });

  it('SIGTERM during the apply is handled like Ctrl+C: the current step finishes, then it stops (130)', async () => {
    const keepWorker = () => undefined;
    onTestFinished(() => void process.off('SIGTERM', keepWorker));
    const { r, release } = await startHeldApply();
    // kill <pid>, a CI runner or a closing session manager: no key, a signal. (A listener of the test's
    // own keeps Ink's signal-exit from re-raising it at the test worker if the wizard ignored it.)
    process.on('SIGTERM', keepWorker);
    process.emit('SIGTERM', 'SIGTERM');
    await expectStoppedAfterFirstStep(r, release);
  });

  it.each<{ name: string; services: Partial<Omit<Services, 'files'>>; shows: string }>([
    {
      name: 'a failed apply ends with 1 and keeps the error on screen',
      services: {
        apply: async (): Promise<ApplyResult> => ({
          ok: false,
          steps: [],
          backups: [],
          error: { message: 'Not allowed to create secret openfaas/registry-secret (403).', nextStep: 'Ask a cluster admin.' },
        }),
      },
      shows: 'Next: Ask a cluster admin.',
    },
    {
      name: 'a rollout timeout ends with 1 after the doctor’s findings',
      services: { waitForRollout: async () => ({ ok: false, timedOut: true, warnings: [] }), runDoctor: async () => [] },
      shows: 'What the doctor found',
    },
  ])('$name', async ({ services, shows }) => {
    const r = setupTtlsh('root', { services });
    await passClusterAndLicense(r);
    await waitForFrame(r.lastFrame, 'Apply? (y/N)');
    r.stdin.write('y');
    await waitFor(() => r.onExit.mock.calls.length > 0);
    expect(r.onExit).toHaveBeenCalledWith(1);
    expect(flat(r.lastFrame())).toContain(shows);
  });

  it('a broken kubeconfig is shown on the cluster step and ends with 1', async () => {
    const r = setup({
      services: {
        makeKube: () => {
          throw new KubeError(
            'config',
            'No kubeconfig found (~/.kube/config is missing and KUBECONFIG is not set).',
            NO_KUBECONFIG_NEXT_STEP,
          );
        },
      },
    });
    await waitForFrame(r.lastFrame, 'No kubeconfig found');
    // The way to try without a cluster is named on the screen.
    expect(flat(r.lastFrame())).toContain('bash scripts/try');
    r.stdin.write(KEY.enter);
    await waitFor(() => r.onExit.mock.calls.length > 0);
    expect(r.onExit).toHaveBeenCalledWith(1);
  });
});
