// Test helpers only: install plans built by the real (pure) planner from made-up inputs.
// The cluster, secrets and leak check every feature's tests share live in src/shared/testing.
export { existingSecret, leakedTestSecrets, TEST_SECRETS, TEST_TARGET } from '../../shared/testing/cluster.js';
import { TEST_SECRETS, TEST_TARGET } from '../../shared/testing/cluster.js';
import type { ValueChange } from '../../shared/values/apply.js';
import type { InstallAnswers } from './answers.js';
import { buildInstallPlan, type InstallPlan, type PlanInputs } from './plan.js';
import type { ClusterSnapshot, LocalSnapshot } from '../../shared/snapshot/snapshot.js';
import { chartTraits } from '../../shared/chart/traits.js';
import type { CertificateSet } from '../../shared/certs/index.js';

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

export interface TestPlanInputs {
  answers?: Partial<InstallAnswers>;
  cluster?: Partial<ClusterSnapshot>;
  local?: Partial<LocalSnapshot>;
  changes?: ValueChange[];
  valuesExisted?: boolean;
  release?: PlanInputs['release'];
  /** The chart: 0.6.10 (socket generation, the default) or 0.4.19 (BuildKit mTLS). */
  chartVersion?: '0.6.10' | '0.4.19';
  /** The certificates a run would generate (the mTLS generation needs them when it cannot reuse any). */
  freshCerts?: CertificateSet;
}

/** A plan for made-up inputs; by default the socket generation (0.6.x): no certificates, so building it is instant. */
export function testPlan(i: TestPlanInputs = {}): InstallPlan {
  const answers = testAnswers(i.answers);
  const version = i.chartVersion ?? '0.6.10';
  const traits = chartTraits(version);
  const changes = i.changes ?? [
    { path: 'buildkit.rootless', kind: 'add', after: true },
    { path: 'buildkit.image', kind: 'change', before: 'moby/buildkit:v0.10.3', after: 'moby/buildkit:master-rootless' },
  ];
  return buildInstallPlan({
    answers,
    chart: {
      ref: answers.chart,
      source: 'helm',
      metadata: { name: 'pro-builder', version },
      generation: traits.generation,
      defaults: {},
      traits,
    },
    target: TEST_TARGET,
    cluster: { namespaceExists: true, secrets: {}, ...i.cluster },
    local: { files: {}, ...i.local, valuesText: i.valuesExisted === false ? undefined : (i.local?.valuesText ?? 'buildkit: {}\n') },
    values: { text: 'buildkit:\n  rootless: true\n', changes },
    fresh: { signingSecret: () => TEST_SECRETS.signing, certs: i.freshCerts },
    helmBin: 'helm',
    now: new Date('2026-01-02T03:04:05Z'),
    release: i.release,
  });
}
