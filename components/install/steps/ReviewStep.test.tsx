import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { InstallInputError } from '../../../src/features/install/answers.js';
import { existingSecret, testAnswers, testPlan, TEST_SECRETS } from '../../../src/features/install/plan.testkit.js';
import { ServicesProvider } from '../../services/ServicesContext.js';
import { fakeServices } from '../../testing/fakes.js';
import { FakeKube } from '../../../src/platform/testing/fakeKube.js';
import { KEY } from '../../testing/keys.js';
import { renderAt } from '../../testing/renderAt.js';
import { flat, waitFor, waitForFrame } from '../../testing/waitForFrame.js';
import { ReviewStep, type ReviewStepProps } from './ReviewStep.js';

afterEach(() => cleanup());

const PLAN = testPlan({
  cluster: {
    secrets: {
      license: existingSecret('license', { license: 'l'.repeat(20) }),
      registry: existingSecret('registry', { 'config.json': '{"auths":{}}' }),
    },
  },
});

function setup(services = fakeServices({ plan: PLAN }), props: Partial<ReviewStepProps> = {}) {
  const onConfirm = vi.fn();
  const onBack = vi.fn();
  const onQuit = vi.fn();
  const r = render(
    <ServicesProvider services={services}>
      <ReviewStep
        answers={testAnswers()}
        kube={new FakeKube().addNamespace('openfaas')}
        commandLine={{ cwd: '/work/site' }}
        onConfirm={onConfirm}
        onBack={onBack}
        onQuit={onQuit}
        {...props}
      />
    </ServicesProvider>,
  );
  return { ...r, onConfirm, onBack, onQuit };
}

describe('ReviewStep', () => {
  it('lists every object with its marker, the values changes, helm and the command line, but no secret', async () => {
    const r = setup();
    const frame = flat(await waitForFrame(r.lastFrame, 'Apply? (y/N)'));
    expect(frame).toContain('= keep Secret openfaas/openfaas-license (license: 20 bytes)');
    expect(frame).toContain('~ update (backup kept) Secret openfaas/registry-secret');
    expect(frame).toContain('+ create Secret openfaas/payload-secret (payload-secret: 48 bytes)');
    expect(frame).toContain('+ buildkit.rootless: true');
    expect(frame).toContain('$ helm upgrade pro-builder openfaas/pro-builder \\ --install');
    expect(frame).toContain('--registry-password-file <password-file>');
    expect(frame).toContain('Nothing has been changed yet.');
    // The chart's path and version are told apart; the question says what Enter does.
    expect(frame).toContain('Chart: openfaas/pro-builder (version 0.6.10)');
    expect(frame).toContain('Apply? (y/N) y applies, n or Enter stops.');
    const all = r.frames.join('\n');
    for (const s of Object.values(TEST_SECRETS)) expect(all).not.toContain(s);
  });

  it('shows the IRSA role annotation, a replaced local file with its backup, and the policy file still to be written', async () => {
    const role = 'arn:aws:iam::123456789012:role/pro-builder-ecr';
    const answers = testAnswers({
      registry: { kind: 'ecr-irsa', accountId: '123456789012', region: 'eu-west-1', roleArn: role, policyFile: '/work/site/policy.json' },
    });
    const plan = testPlan({ answers, local: { files: { '/work/site/config.json': '{"auths":{"old.example":{}}}' } } });
    const r = setup(fakeServices({ plan }), { answers });
    const frame = flat(await waitForFrame(r.lastFrame, 'Apply? (y/N)'));
    expect(frame).toContain(`+ create ServiceAccount openfaas/pro-builder-ecr — eks.amazonaws.com/role-arn=${role}`);
    expect(frame).toContain('~ replace (backup kept) /work/site/config.json (0600)');
    expect(frame).toContain('+ write /work/site/policy.json (0644) — IAM policy for the IRSA role');
  });

  it('on a 24-row terminal collapses the sections so the target and the question fit; d shows the details with the target repeated', async () => {
    const r = setup(undefined, { terminalRows: 24 });
    const frame = await waitForFrame(r.lastFrame, 'Apply? (y/N)');
    expect(frame.split('\n').length).toBeLessThanOrEqual(24 - 3);
    expect(frame).toMatch(/^Target: context kind-builders/);
    expect(flat(frame)).toContain('Kubernetes objects: 1 keep, 1 update, 1 create');
    expect(flat(frame)).toContain('d show details');
    expect(frame).not.toContain('$ helm upgrade');
    r.stdin.write('d');
    const details = await waitForFrame(r.lastFrame, '$ helm upgrade');
    const lines = details.split('\n');
    const question = lines.findIndex((l) => l.includes('Apply? (y/N)'));
    // The target line sits just above the question, on the part of the screen that stays visible.
    expect(lines.slice(question - 3, question).some((l) => l.startsWith('Target: context kind-builders'))).toBe(true);
    expect(r.onConfirm).not.toHaveBeenCalled();
  });

  it('applies only on y', async () => {
    const r = setup();
    await waitForFrame(r.lastFrame, 'Apply? (y/N)');
    r.stdin.write('y');
    await waitFor(() => r.onConfirm.mock.calls.length > 0);
    expect(r.onConfirm).toHaveBeenCalledWith(PLAN);
    expect(r.onQuit).not.toHaveBeenCalled();
  });

  it('Enter means No: stops with nothing changed', async () => {
    const r = setup();
    await waitForFrame(r.lastFrame, 'Apply? (y/N)');
    r.stdin.write(KEY.enter);
    await waitFor(() => r.onQuit.mock.calls.length > 0);
    expect(r.onQuit).toHaveBeenCalledWith(130, expect.stringContaining('Nothing was changed'));
    expect(r.onConfirm).not.toHaveBeenCalled();
  });

  it('shows a planning error with its next step; Esc goes back', async () => {
    const services = fakeServices({
      prepare: async () => {
        throw new InstallInputError(
          'Secret openfaas-license is not in namespace openfaas and no license file was found.',
          'Pass --license-file <path>.',
        );
      },
    });
    const r = setup(services);
    const frame = flat(await waitForFrame(r.lastFrame, 'no license file was found'));
    expect(frame).toContain('Next: Pass --license-file <path>.');
    r.stdin.write('y');
    r.stdin.write(KEY.escape);
    await waitFor(() => r.onBack.mock.calls.length > 0);
    expect(r.onConfirm).not.toHaveBeenCalled();
  });

  it('in a dry run, shows the plan and ends without applying', async () => {
    const onDryRunDone = vi.fn();
    const r = setup(undefined, { dryRun: true, onDryRunDone });
    await waitForFrame(r.lastFrame, 'Dry run: nothing will be applied');
    r.stdin.write('y');
    r.stdin.write(KEY.enter);
    await waitFor(() => onDryRunDone.mock.calls.length > 0);
    expect(r.onConfirm).not.toHaveBeenCalled();
  });

  describe('at 80 columns', () => {
    const dir = '/home/alice/projects/openfaas/builder';
    const role = 'arn:aws:iam::123456789012:role/pro-builder-ecr';
    const answers = testAnswers({
      outputDir: dir,
      valuesFile: `${dir}/custom-values.yaml`,
      registry: { kind: 'ecr-irsa', accountId: '123456789012', region: 'eu-west-1', roleArn: role, policyFile: `${dir}/policy.json` },
    });
    const plan = testPlan({ answers, local: { files: { [`${dir}/config.json`]: '{}' } } });
    const review = (rows: number) =>
      renderAt(
        <ServicesProvider services={fakeServices({ plan })}>
          <ReviewStep
            answers={answers}
            kube={new FakeKube()}
            commandLine={{ cwd: dir }}
            onConfirm={vi.fn()}
            onBack={vi.fn()}
            onQuit={vi.fn()}
            terminalRows={rows}
          />
        </ServicesProvider>,
        { columns: 80 },
      );

    it('wraps the target, object and file lines indented under their text, with paths whole', async () => {
      const r = review(80);
      const lines = (await waitForFrame(r.lastFrame, 'Apply? (y/N)')).split('\n');
      const target = lines.findIndex((l) => l.startsWith('Target: context kind-builders'));
      expect(lines[target + 1]).toMatch(/^ {8}user kind-admin/);
      const account = lines.findIndex((l) => l.startsWith('  + create ServiceAccount openfaas/pro-builder-ecr'));
      expect(lines[account + 1]).toBe(`    eks.amazonaws.com/role-arn=${role}`);
      const replaced = lines.findIndex((l) => l.includes(`~ replace (backup kept) ${dir}/config.json`));
      expect(lines[replaced + 1]).toMatch(/^ {4}\(0600\) — registry config\.json/);
      for (const l of lines) expect(l.length, l).toBeLessThanOrEqual(80);
    });

    it.each([24, 40])(
      'on 80×%i counts the wrapped and continued lines: the sections collapse, the target and question stay on screen',
      async (rows) => {
        const r = review(rows);
        const frame = await waitForFrame(r.lastFrame, 'Apply? (y/N)');
        expect(frame).toMatch(/^Target: context kind-builders/);
        expect(frame.split('\n').length).toBeLessThanOrEqual(rows - 3);
        expect(flat(frame)).toContain('d show details');
      },
    );
  });
});
