import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseArgs, type InstallOptions } from '../../src/cli/args.js';
import type { CheckOutcome } from '../../src/features/doctor/types.js';
import { applyInstallPlan, type ApplyDeps, type ApplyResult } from '../../src/features/install/apply.js';
import type { InstallPlan } from '../../src/features/install/plan.js';
import { prepareInstallPlan } from '../../src/features/install/prepare.js';
import { NO_KUBECONFIG_NEXT_STEP } from '../../src/platform/kube/config.js';
import { KubeError } from '../../src/platform/kube/errors.js';
import type { Services } from '../services/ServicesContext.js';
import { fakeServices } from '../testing/fakes.js';
import { FakeKube } from '../../src/platform/testing/fakeKube.js';
import { runInstallCommand } from './runInstallCommand.js';
import { referenceChartDir } from '../../test/support/referenceData.js';

const CHART = referenceChartDir('0.6.10');
const PASSWORD = 'plain-runner-Pa55word';
const LICENSE = 'LICENSE-plain-runner-body';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pbs-plain-'));
  await writeFile(join(dir, 'LICENSE'), LICENSE);
  await writeFile(join(dir, 'pw.txt'), `${PASSWORD}\n`);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function options(argv: string[]): InstallOptions {
  const parsed = parseArgs(['install', ...argv]);
  if (parsed.kind !== 'install') throw new Error(`bad argv ${JSON.stringify(parsed)}`);
  return parsed.options;
}

/** Every flag a full private-registry install needs, pointing at the temp folder. */
function fullFlags(extra: string[] = []): string[] {
  return [
    '--license-file',
    join(dir, 'LICENSE'),
    '--registry',
    'private',
    '--registry-server',
    'ghcr.io',
    '--registry-username',
    'octo',
    '--registry-password-file',
    join(dir, 'pw.txt'),
    '--buildkit-mode',
    'rootless',
    '--values-file',
    join(dir, 'custom-values.yaml'),
    '--output-dir',
    join(dir, 'out'),
    '--chart',
    CHART,
    '--timeout',
    '2m',
    ...extra,
  ];
}

function run(argv: string[], services: Partial<Omit<Services, 'files'>> & { kube?: FakeKube } = {}, tty = false) {
  let out = '';
  let err = '';
  const stream = (write: (s: string) => void) => ({ isTTY: tty, write: (s: string) => (write(s), true) });
  const kube = services.kube ?? new FakeKube().addNamespace('openfaas');
  const svc = fakeServices({
    kube,
    prepare: prepareInstallPlan,
    flagIo: { readFile: (p) => readFile(p), homeDir: dir, readStdin: async () => '' },
    ...services,
  });
  const promise = runInstallCommand(options(argv), {
    stdin: { isTTY: tty } as unknown as NodeJS.ReadStream,
    stdout: stream((s) => (out += s)) as unknown as NodeJS.WriteStream,
    stderr: stream((s) => (err += s)) as unknown as NodeJS.WriteStream,
    services: svc,
  });
  return promise.then((code) => ({ code, out, err, kube, all: out + err }));
}

describe('runInstallCommand without a terminal', () => {
  it('missing answers: exit 2, naming each missing flag with its question, nothing read from the cluster', async () => {
    const r = await run(['--registry', 'ecr']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('probuilder-setup: missing answers without a terminal: --aws-account-id, --aws-region, --aws-credentials-file');
    expect(r.err).toContain('--aws-region: AWS region (e.g. eu-west-1)?');
    expect(r.kube.callLog).toEqual([]);
  });

  it('invalid flags: exit 2 with each sentence', async () => {
    const r = await run([
      '--registry',
      'ecr',
      '--aws-account-id',
      '12345',
      '--aws-region',
      'us-east',
      '--aws-credentials-file',
      join(dir, 'LICENSE'),
    ]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--aws-account-id: The AWS account id has 5 digits');
    expect(r.err).toContain('--aws-region: The AWS region "us-east" has no number at the end');
    expect(r.kube.callLog).toEqual([]);
  });

  it.skipIf(!existsSync(CHART))('--dry-run prints the plan, writes redacted manifests and changes nothing in the cluster', async () => {
    const manifests = join(dir, 'manifests');
    const r = await run(fullFlags(['--dry-run', '--write-manifests', manifests]));
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('+ create Secret openfaas/registry-secret');
    expect(r.out).toContain('Dry run: nothing was changed.');
    expect(r.kube.writes).toEqual([]);
    expect(r.kube.callLog.some((c) => c.method === 'getSecret')).toBe(true);
    expect(existsSync(join(dir, 'out'))).toBe(false);
    const files = (await readdir(manifests)).sort();
    expect(files).toEqual([
      'custom-values.yaml',
      'secret-openfaas-license.yaml',
      'secret-payload-secret.yaml',
      'secret-registry-secret.yaml',
    ]);
    const texts = await Promise.all(files.map((f) => readFile(join(manifests, f), 'utf8')));
    for (const text of [r.all, ...texts]) {
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toContain(LICENSE);
    }
    expect(texts.join('\n')).toContain('<redacted:');
  });

  it.skipIf(!existsSync(CHART))('without --yes prints the plan, says how to apply, exits 2 and changes nothing', async () => {
    const apply = vi.fn(applyInstallPlan);
    const r = await run(fullFlags(), { apply });
    expect(r.code).toBe(2);
    expect(r.out).toContain('Helm:');
    expect(r.err).toContain('pass --yes to apply');
    expect(apply).not.toHaveBeenCalled();
    expect(r.kube.writes).toEqual([]);
  });

  it('with --yes applies, printing each step, helm output and the rollout, then the summary', async () => {
    const kube = new FakeKube().addNamespace('openfaas');
    const plan = (await import('../../src/features/install/plan.testkit.js')).testPlan();
    const apply = async (_p: InstallPlan, deps: ApplyDeps): Promise<ApplyResult> => {
      deps.onStep?.({ id: 's', title: 'Create secret openfaas/registry-secret', status: 'running' });
      deps.onStep?.({ id: 's', title: 'Create secret openfaas/registry-secret', status: 'done' });
      deps.onHelmLine?.('Release "pro-builder" has been upgraded.');
      return { ok: true, steps: [], backups: [] };
    };
    const waitForRollout: Services['waitForRollout'] = async (_k, _n, _r, w) => {
      w.onProgress?.({ desired: 1, updated: 1, available: 1, message: 'rolled out' });
      return { ok: true, timedOut: false, deploymentName: 'pro-builder', warnings: [] };
    };
    const r = await run(fullFlags(['--yes']), { kube, prepare: async () => plan, apply, waitForRollout });
    expect(r.code).toBe(0);
    expect(r.out).toContain('Target: context kind-builders');
    expect(r.out).toContain('✓ Create secret openfaas/registry-secret\n');
    expect(r.out).toContain('    Release "pro-builder" has been upgraded.');
    expect(r.out).toContain('rollout: rolled out');
    expect(r.out).toContain('kubectl port-forward -n openfaas deploy/pro-builder 8081:8080');
  });

  it('a failed apply exits 1 with the message and the next step', async () => {
    const plan = (await import('../../src/features/install/plan.testkit.js')).testPlan();
    const apply = async (): Promise<ApplyResult> => ({
      ok: false,
      steps: [],
      backups: [],
      error: { message: 'helm upgrade failed (exit 1).', nextStep: 'Read helm’s message above.' },
    });
    const r = await run(fullFlags(['--yes']), { prepare: async () => plan, apply });
    expect(r.code).toBe(1);
    expect(r.err).toContain('probuilder-setup: helm upgrade failed (exit 1).\n  Next: Read helm’s message above.');
  });

  it('a rollout timeout exits 1 after printing the doctor’s findings', async () => {
    const plan = (await import('../../src/features/install/plan.testkit.js')).testPlan();
    const finding: CheckOutcome = {
      id: 'workload.pods',
      checkId: 'workload.pods',
      category: 'Workload',
      description: 'Pods',
      durationMs: 1,
      status: 'fail',
      summary: 'Pod pro-builder-x is Pending.',
      evidence: [],
      hint: 'No node has 2 CPUs free.',
    };
    const r = await run(fullFlags(['--yes']), {
      prepare: async () => plan,
      waitForRollout: async () => ({ ok: false, timedOut: true, warnings: [] }),
      runDoctor: async () => [finding],
    });
    expect(r.code).toBe(1);
    expect(r.err).toContain('did not become available within 2m');
    expect(r.out).toContain('Pod pro-builder-x is Pending.');
  });

  it('a kubeconfig problem exits 1 with its sentence and no stack trace', async () => {
    const r = await run(fullFlags(['--yes']), {
      makeKube: () => {
        throw new KubeError(
          'config',
          'No kubeconfig found (~/.kube/config is missing and KUBECONFIG is not set).',
          NO_KUBECONFIG_NEXT_STEP,
        );
      },
    });
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      `probuilder-setup: No kubeconfig found (~/.kube/config is missing and KUBECONFIG is not set).\n  Next: ${NO_KUBECONFIG_NEXT_STEP}\n`,
    );
    expect(r.err).toContain('`bash scripts/try` starts a practice cluster');
  });

  it('denied permissions exit 1 listing each one', async () => {
    const kube = new FakeKube().addNamespace('openfaas');
    kube.denied.add('create secrets');
    const r = await run(fullFlags(['--yes']), { kube });
    expect(r.code).toBe(1);
    expect(r.err).toContain('× create secrets in namespace openfaas');
    expect(kube.writes).toEqual([]);
  });
});

describe('runInstallCommand in a terminal', () => {
  it('invalid flags exit 2 before the wizard starts', async () => {
    const r = await run(['--aws-region', 'us-east', '--registry', 'ecr'], {}, true);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--aws-region');
  });

  it('--no-color turns colour off before Ink loads', async () => {
    const saved = process.env['FORCE_COLOR'];
    try {
      await run(['--no-color', '--registry', 'ecr']);
      expect(process.env['FORCE_COLOR']).toBe('0');
    } finally {
      if (saved === undefined) delete process.env['FORCE_COLOR'];
      else process.env['FORCE_COLOR'] = saved;
    }
  });
});
