import { describe, expect, it } from 'vitest';
import { builderUsage, doneSummary, formatMissingAnswers, formatPlan, objectLine, valueChangeLine, warningLine } from './report.js';
import { cleanLine } from '../../shared/text/cleanLine.js';
import { stepLine, withStepEvent } from '../../shared/steps/stepEvent.js';
import { existingSecret, leakedTestSecrets, testPlan } from './plan.testkit.js';

describe('objectLine', () => {
  it('marks creates with +, updates with ~ and a backup note, kept objects with =', () => {
    const plan = testPlan({
      cluster: {
        secrets: {
          license: existingSecret('license', { license: 'x'.repeat(10) }),
          registry: existingSecret('registry', { 'config.json': '{"auths":{}}' }),
        },
      },
    });
    const lines = plan.objects.map((o) => objectLine(o, plan.namespace));
    expect(lines).toContainEqual(expect.stringMatching(/^= keep Secret openfaas\/openfaas-license \(license: 10 bytes\)/));
    expect(lines).toContainEqual(
      expect.stringMatching(/^~ update \(backup kept\) Secret openfaas\/registry-secret \(config\.json: \d+ bytes\)/),
    );
    expect(lines).toContainEqual(expect.stringMatching(/^\+ create Secret openfaas\/payload-secret \(payload-secret: 48 bytes\)/));
  });

  it('shows a namespace without a namespace prefix', () => {
    const plan = testPlan({ cluster: { namespaceExists: false } });
    expect(objectLine(plan.objects[0]!, plan.namespace)).toBe('+ create Namespace openfaas');
  });
});

describe('formatPlan', () => {
  it('lists target, objects, files, values changes and helm commands, and no secret', () => {
    const text = formatPlan(testPlan());
    expect(text).toContain(
      'Target: context kind-builders (cluster kind-builders, https://127.0.0.1:6443), user kind-admin, namespace openfaas',
    );
    expect(text).toContain('+ write /work/site/payload.txt (0600)');
    expect(text).toContain('+ buildkit.rootless: true');
    expect(text).toContain('~ buildkit.image: moby/buildkit:v0.10.3 → moby/buildkit:master-rootless');
    expect(text).toContain(
      '$ helm upgrade pro-builder openfaas/pro-builder --install --namespace openfaas --kubeconfig /home/test/.kube/config --kube-context kind-builders --values /work/site/custom-values.yaml',
    );
    expect(leakedTestSecrets(text)).toEqual([]);
  });

  it('keeps the chart path apart from its version', () => {
    const plan = testPlan({ answers: { chart: '/work/charts/pro-builder-0.6.10' } });
    const local = { ...plan, chart: { ...plan.chart, source: 'local' as const } };
    expect(formatPlan(local)).toContain('Chart: /work/charts/pro-builder-0.6.10 (version 0.6.10, local folder)\n');
    expect(formatPlan(testPlan())).toContain('Chart: openfaas/pro-builder (version 0.6.10, helm repository)\n');
  });

  it('says when the values file does not change', () => {
    expect(formatPlan(testPlan({ changes: [] }))).toContain('= no changes');
  });
});

describe('withStepEvent', () => {
  it("replaces a step's earlier event in place and appends a new step", () => {
    const a = { id: 'a', title: 'A', status: 'running' } as const;
    const b = { id: 'b', title: 'B', status: 'running' } as const;
    const steps = withStepEvent(withStepEvent([], a), b);
    expect(steps).toEqual([a, b]);
    const aDone = { ...a, status: 'done' } as const;
    expect(withStepEvent(steps, aDone)).toEqual([aDone, b]);
    expect(steps).toEqual([a, b]);
  });
});

describe('progress lines', () => {
  it('stepLine uses a glyph per status and keeps the detail', () => {
    expect(stepLine({ id: 'a', title: 'Create secret openfaas/registry-secret', status: 'done' })).toBe(
      '✓ Create secret openfaas/registry-secret',
    );
    expect(stepLine({ id: 'a', title: 'Secret x', status: 'skipped', detail: 'already up to date' })).toBe(
      '– Secret x — already up to date',
    );
    expect(stepLine({ id: 'a', title: 'helm upgrade', status: 'failed', detail: 'exit 1\u001b[31m' })).toBe('× helm upgrade — exit 1');
  });

  it('warningLine names the object, reason and count, without terminal escapes', () => {
    const line = warningLine({
      involvedObject: { kind: 'Pod', name: 'pro-builder-abc' },
      reason: 'FailedMount',
      message: 'secret "payload-secret" not found\u001b]0;title\u0007',
      count: 3,
      metadata: {},
    });
    expect(line).toBe('! Pod/pro-builder-abc FailedMount: secret "payload-secret" not found (×3)');
    expect(cleanLine('a\u001b[2Kb')).toBe('ab');
  });

  it('valueChangeLine shortens long values', () => {
    const line = valueChangeLine({ path: 'x', kind: 'add', after: 'y'.repeat(100) });
    expect(line.length).toBeLessThan(70);
    expect(valueChangeLine({ path: 'buildkit.securityContext.privileged', kind: 'remove', before: true })).toBe(
      '- buildkit.securityContext.privileged',
    );
  });
});

describe('formatMissingAnswers', () => {
  it('names every missing flag with its question', () => {
    const text = formatMissingAnswers([
      { flag: '--registry', question: 'Which registry?' },
      { flag: '--aws-region', question: 'AWS region?' },
    ]);
    expect(text.split('\n')[0]).toBe('probuilder-setup: missing answers without a terminal: --registry, --aws-region');
    expect(text).toContain('  --aws-region: AWS region?');
  });
});

describe('done summary', () => {
  it('says where payload.txt is and how to call the builder, without the secret', () => {
    const plan = testPlan();
    const text = doneSummary(plan, { deploymentName: 'pro-builder' }, ['/work/site/backups/secret-registry-secret.yaml.bak']).join('\n');
    expect(text).toContain('kubectl port-forward -n openfaas deploy/pro-builder 8081:8080');
    expect(text).toContain('--payload-secret /work/site/payload.txt');
    expect(text).toContain('X-Build-Signature: sha256=');
    expect(text).toContain('Backups of replaced content');
    expect(leakedTestSecrets(text)).toEqual([]);
  });

  it('uses the deployment the rollout found', () => {
    expect(builderUsage({ namespace: 'ci', deployment: 'pb-pro-builder', outputDir: '/o' })).toContain(
      '  kubectl port-forward -n ci deploy/pb-pro-builder 8081:8080',
    );
  });
});
