// Test helpers only: install plans built by the real (pure) planner from made-up inputs.
import type { V1Secret } from '@kubernetes/client-node';
import type { ClusterTarget } from '../../platform/kube/config.js';
import { secretManifest, SECRET_NAMES } from '../../shared/secrets/index.js';
import type { ValueChange } from '../../shared/values/apply.js';
import type { InstallAnswers } from './answers.js';
import { buildInstallPlan, type InstallPlan, type PlanInputs } from './plan.js';
import type { ClusterSnapshot, LocalSnapshot } from '../../shared/snapshot/snapshot.js';
import { chartTraits } from '../../shared/chart/traits.js';

export const TEST_TARGET: ClusterTarget = {
  contextName: 'kind-builders',
  clusterName: 'kind-builders',
  server: 'https://127.0.0.1:6443',
  user: 'kind-admin',
  source: '/home/test/.kube/config',
  kubeconfigFile: '/home/test/.kube/config',
};

/** Values that must never appear in any output. */
export const TEST_SECRETS = {
  signing: 'dGVzdC1zaWduaW5nLXNlY3JldC0zMi1ieXRlcy1sb25nIQ==',
  password: 'hunter2-registry-token',
  license: 'LICENSE-BODY-eyJhbGciOiJSUzI1NiJ9',
  awsSecret: 'wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEYzz',
} as const;

/** Every test secret, raw and in the encodings it is stored in, that occurs in text: [] means no leak. */
export function leakedTestSecrets(text: string): string[] {
  const forms = [
    ...Object.values(TEST_SECRETS),
    Buffer.from(`octo:${TEST_SECRETS.password}`).toString('base64'),
    Buffer.from(TEST_SECRETS.signing).toString('base64'),
  ];
  return forms.filter((s) => text.includes(s));
}

export function testAnswers(over: Partial<InstallAnswers> = {}): InstallAnswers {
  return {
    namespace: 'openfaas',
    release: 'pro-builder',
    licensePath: '/home/test/.openfaas/LICENSE',
    license: Buffer.from(TEST_SECRETS.license),
    registry: { kind: 'private', server: 'ghcr.io', username: 'octo', password: TEST_SECRETS.password },
    rotateSigningSecret: false,
    buildkitMode: 'rootless',
    valuesFile: '/work/site/custom-values.yaml',
    outputDir: '/work/site',
    chart: 'openfaas/pro-builder',
    timeoutMs: 300_000,
    skipRepoAdd: false,
    ...over,
  };
}

export function existingSecret(name: keyof typeof SECRET_NAMES, data: Record<string, string>, namespace = 'openfaas'): V1Secret {
  const s = secretManifest(SECRET_NAMES[name], namespace, data);
  s.metadata = { ...s.metadata, resourceVersion: '7' };
  return s;
}

export interface TestPlanInputs {
  answers?: Partial<InstallAnswers>;
  cluster?: Partial<ClusterSnapshot>;
  local?: Partial<LocalSnapshot>;
  changes?: ValueChange[];
  valuesExisted?: boolean;
  release?: PlanInputs['release'];
}

/** A socket-generation (0.6.x) plan: no certificates, so building it is instant. */
export function testPlan(i: TestPlanInputs = {}): InstallPlan {
  const answers = testAnswers(i.answers);
  const changes = i.changes ?? [
    { path: 'buildkit.rootless', kind: 'add', after: true },
    { path: 'buildkit.image', kind: 'change', before: 'moby/buildkit:v0.10.3', after: 'moby/buildkit:master-rootless' },
  ];
  return buildInstallPlan({
    answers,
    chart: { ref: answers.chart, source: 'helm', metadata: { name: 'pro-builder', version: '0.6.10' }, generation: 'socket', defaults: {}, traits: chartTraits('0.6.10') },
    target: TEST_TARGET,
    cluster: { namespaceExists: true, secrets: {}, ...i.cluster },
    local: { files: {}, ...i.local, valuesText: i.valuesExisted === false ? undefined : (i.local?.valuesText ?? 'buildkit: {}\n') },
    values: { text: 'buildkit:\n  rootless: true\n', changes },
    fresh: { signingSecret: () => TEST_SECRETS.signing },
    helmBin: 'helm',
    now: new Date('2026-01-02T03:04:05Z'),
    release: i.release,
  });
}
