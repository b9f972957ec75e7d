import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { parse } from 'yaml';
import { HelmCli, metadataArgs, parseReleaseStatus } from '../../src/platform/helm/helm.js';
import type { KubeClient } from '../../src/platform/kube/client.js';
import { MANAGED_BY_LABEL } from '../../src/platform/kube/labels.js';
import type { InstallAnswers } from '../../src/features/install/answers.js';
import type { RegistryAnswer } from '../../src/shared/registry/answer.js';
import { prepareInstallPlan } from '../../src/features/install/prepare.js';
import { applyInstallPlan } from '../../src/features/install/apply.js';
import { planIsNoop } from '../../src/features/install/report.js';
import { waitForRollout } from '../../src/shared/rollout/rollout.js';
import { decodeSecretData, SECRET_NAMES } from '../../src/shared/secrets/index.js';
import { auditCertificateSecrets } from '../../src/shared/certs/index.js';
import { awsCredentialsIni } from '../../src/shared/registry/index.js';
import { installProBuilder } from '../fixtures/installedRelease.js';
import { describeWithCharts, kubeClient, namespacesDeletedAfterAll, referenceChart, testbed, uniqueNamespace } from './testbed.js';

const USER_VALUES = `# my team's settings: keep this comment
nodeSelector:
  type: kwok # schedule on the fake nodes
tolerations: []
`;

interface Scenario {
  name: string;
  chartVersion: '0.4.19' | '0.6.10';
  helm: 'helm3' | 'helm4';
  registry: RegistryAnswer;
  expectConfig: (text: string) => void;
}

const scenarios: Scenario[] = [
  {
    name: 'ttl.sh',
    chartVersion: '0.4.19',
    helm: 'helm3',
    registry: { kind: 'ttlsh' },
    expectConfig: (t) => expect(JSON.parse(t)).toEqual({ auths: {} }),
  },
  {
    name: 'a private registry',
    chartVersion: '0.6.10',
    helm: 'helm4',
    registry: { kind: 'private', server: 'registry.example.com:5000', username: 'builder', password: 'p@ss w0rd;$(x)' },
    expectConfig: (t) =>
      expect(JSON.parse(t)).toEqual({
        auths: { 'registry.example.com:5000': { auth: Buffer.from('builder:p@ss w0rd;$(x)').toString('base64') } },
      }),
  },
  {
    name: 'Amazon ECR with a shared credential',
    chartVersion: '0.6.10',
    helm: 'helm3',
    registry: {
      kind: 'ecr',
      accountId: '123456789012',
      region: 'eu-west-1',
      credentialsIni: awsCredentialsIni('AKIAIOSFODNN7EXAMPLE', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'),
    },
    expectConfig: (t) => expect(JSON.parse(t)).toEqual({ credHelpers: { '123456789012.dkr.ecr.eu-west-1.amazonaws.com': 'ecr-login' } }),
  },
  {
    name: 'Amazon ECR with IRSA',
    chartVersion: '0.4.19',
    helm: 'helm4',
    registry: {
      kind: 'ecr-irsa',
      accountId: '210987654321',
      region: 'us-east-2',
      roleArn: 'arn:aws:iam::210987654321:role/pro-builder-ecr',
    },
    expectConfig: (t) => expect(JSON.parse(t)).toEqual({ credHelpers: { '210987654321.dkr.ecr.us-east-2.amazonaws.com': 'ecr-login' } }),
  },
];

describeWithCharts('install engine on the real test bed with the real pro-builder charts', () => {
  let kube: KubeClient;
  const namespaces = namespacesDeletedAfterAll(() => kube);
  beforeAll(() => {
    kube = kubeClient();
  });

  for (const s of scenarios) {
    it(`installs pro-builder ${s.chartVersion} for ${s.name} with ${s.helm}, and a re-run converges with nothing lost`, async () => {
      const ns = uniqueNamespace('inst');
      namespaces.push(ns);
      const dir = await mkdtemp(join(tmpdir(), 'pbs-install-'));
      const licensePath = join(dir, 'LICENSE');
      await writeFile(licensePath, 'eyJhbGciOi.fake-license.sig');
      const valuesFile = join(dir, 'custom-values.yaml');
      await writeFile(valuesFile, USER_VALUES);
      const policyFile = join(dir, 'iam-policy.json');
      const registry = s.registry.kind === 'ecr-irsa' ? { ...s.registry, policyFile } : s.registry;

      const answers: InstallAnswers = {
        namespace: ns,
        release: 'pro-builder',
        licensePath,
        license: await readFile(licensePath),
        registry,
        rotateSigningSecret: false,
        buildkitMode: 'rootless',
        // Room for every scenario on the roomy kwok node at once.
        buildkitCpu: '500m',
        buildkitMemory: '512Mi',
        valuesFile,
        outputDir: join(dir, 'out'),
        chart: referenceChart(s.chartVersion),
        timeoutMs: 60_000,
        skipRepoAdd: true,
      };
      const helm = new HelmCli(testbed[s.helm]!);
      const deps = { kube, helm, kubeconfig: testbed.kubeconfig! };

      const plan = await prepareInstallPlan(answers, deps);
      expect(plan.chart.generation).toBe(s.chartVersion === '0.4.19' ? 'mtls' : 'socket');
      expect(plan.objects.find((o) => o.kind === 'Namespace')).toMatchObject({ action: 'create' });
      // The review never carries secret values: only key names and lengths.
      expect(JSON.stringify(plan.objects.map((o) => ({ n: o.name, k: o.keys, note: o.note })))).not.toContain(
        plan.secretsMaterial.signingSecret,
      );

      const helmLines: string[] = [];
      const applied = await applyInstallPlan(plan, { ...deps, onHelmLine: (l) => helmLines.push(l) });
      expect(applied.error).toBeUndefined();
      expect(applied.ok).toBe(true);
      expect(helmLines.join('\n')).toMatch(/STATUS: deployed/);

      const rollout = await waitForRollout(kube, ns, 'pro-builder', { timeoutMs: 60_000, intervalMs: 250 });
      expect(rollout.ok).toBe(true);
      expect(rollout.deploymentName).toBe('pro-builder');

      // Secrets by content, each labelled as this tool's own.
      const registrySecret = (await kube.getSecret(ns, SECRET_NAMES.registry))!;
      expect(registrySecret.metadata?.labels?.[MANAGED_BY_LABEL]).toBe('probuilder-setup');
      const configText = decodeSecretData(registrySecret)['config.json']!.toString();
      s.expectConfig(configText);
      expect(await readFile(join(dir, 'out', 'config.json'), 'utf8')).toBe(configText);
      expect((await stat(join(dir, 'out', 'config.json'))).mode & 0o777).toBe(0o600);

      const payload = decodeSecretData((await kube.getSecret(ns, SECRET_NAMES.payload))!)['payload-secret']!.toString();
      expect(payload).toMatch(/^[A-Za-z0-9+/]{43}=$/);
      expect(await readFile(join(dir, 'out', 'payload.txt'), 'utf8')).toBe(payload);
      expect((await stat(join(dir, 'out', 'payload.txt'))).mode & 0o777).toBe(0o600);
      expect(decodeSecretData((await kube.getSecret(ns, SECRET_NAMES.license))!)['license']!.toString()).toBe(
        'eyJhbGciOi.fake-license.sig',
      );

      const daemon = await kube.getSecret(ns, SECRET_NAMES.daemonCerts);
      const client = await kube.getSecret(ns, SECRET_NAMES.clientCerts);
      if (s.chartVersion === '0.4.19') {
        expect(auditCertificateSecrets({ daemon: decodeSecretData(daemon!), client: decodeSecretData(client!) }, new Date())).toEqual([]);
        expect((await stat(join(dir, 'out', 'certs', 'server.key'))).mode & 0o777).toBe(0o600);
      } else {
        expect(daemon).toBeUndefined();
        expect(client).toBeUndefined();
      }
      if (s.registry.kind === 'ecr') {
        const aws = decodeSecretData((await kube.getSecret(ns, SECRET_NAMES.awsCredentials))!);
        expect(Object.keys(aws)).toEqual(['aws-ecr-credentials']);
        expect(aws['aws-ecr-credentials']!.toString()).toMatch(/\[default\]\s*\naws_access_key_id\s*=\s*AKIAIOSFODNN7EXAMPLE/);
      }
      if (s.registry.kind === 'ecr-irsa') {
        const sa = await kube.getServiceAccount(ns, 'pro-builder-ecr');
        expect(sa?.metadata?.annotations?.['eks.amazonaws.com/role-arn']).toBe(s.registry.roleArn);
        expect(JSON.parse(await readFile(policyFile, 'utf8')).Statement[0].Action).toContain('ecr:PutImage');
      }

      // The values file kept the user's comments and keys, and the chart got our settings.
      const valuesText = await readFile(valuesFile, 'utf8');
      expect(valuesText).toContain("# my team's settings: keep this comment");
      expect(valuesText).toContain('type: kwok # schedule on the fake nodes');
      const dep = (await kube.getDeployment(ns, 'pro-builder'))!;
      const buildkit = dep.spec!.template.spec!.containers.find((c) => c.name === 'buildkit')!;
      expect(buildkit.resources?.requests).toMatchObject({ cpu: '500m', memory: '512Mi' });
      expect(buildkit.securityContext?.privileged).toBe(false);
      if (s.registry.kind === 'ecr') {
        const proBuilder = dep.spec!.template.spec!.containers.find((c) => c.name === 'pro-builder')!;
        expect(proBuilder.env).toContainEqual({
          name: 'AWS_SHARED_CREDENTIALS_FILE',
          value: '/var/secrets/aws-credentials/aws-ecr-credentials',
        });
      }
      if (s.registry.kind === 'ecr-irsa') {
        expect(dep.spec!.template.spec!.serviceAccountName).toBe('pro-builder-ecr');
        expect(dep.spec!.template.spec!.securityContext?.fsGroup).toBe(65534);
      }
      const release = parseReleaseStatus(
        (await helm.run(metadataArgs('pro-builder', { namespace: ns, kubeconfig: testbed.kubeconfig! }))).stdout,
      );
      expect(release).toMatchObject({ status: 'deployed', chartVersion: s.chartVersion, revision: 1 });

      // A re-run finds everything in place: nothing to create, update or write.
      const again = await prepareInstallPlan(answers, deps);
      expect(again.objects.map((o) => [o.name, o.action])).toEqual(
        again.objects.map((o) => [
          o.name,
          o.name === SECRET_NAMES.license || o.name === SECRET_NAMES.payload || o.name.startsWith('buildkit-') ? 'keep' : 'unchanged',
        ]),
      );
      expect(planIsNoop(again)).toBe(true);
      const reapplied = await applyInstallPlan(again, deps);
      expect(reapplied.ok).toBe(true);
      expect(reapplied.backups).toEqual([]);
      const payloadAfter = decodeSecretData((await kube.getSecret(ns, SECRET_NAMES.payload))!)['payload-secret']!.toString();
      expect(payloadAfter).toBe(payload);
      expect(await readFile(valuesFile, 'utf8')).toBe(valuesText);
    });
  }

  it('keeps a registry secret made by hand: shown as an update, backed up before it is replaced', async () => {
    const ns = uniqueNamespace('inst-own');
    namespaces.push(ns);
    await kube.createNamespace(ns);
    await kube.createSecret(ns, {
      metadata: { name: SECRET_NAMES.registry },
      stringData: { 'config.json': '{"auths":{"old.example.com":{"auth":"b2xkOm9sZA=="}}}' },
    });
    const dir = await mkdtemp(join(tmpdir(), 'pbs-install-'));
    const answers: InstallAnswers = {
      namespace: ns,
      release: 'pro-builder',
      license: Buffer.from('lic'),
      licensePath: '/dev/null',
      registry: { kind: 'ttlsh' },
      rotateSigningSecret: false,
      buildkitMode: 'root',
      buildkitCpu: '100m',
      valuesFile: join(dir, 'custom-values.yaml'),
      outputDir: dir,
      chart: referenceChart('0.6.10'),
      timeoutMs: 30_000,
      skipRepoAdd: true,
    };
    const deps = { kube, helm: new HelmCli(testbed.helm3!), kubeconfig: testbed.kubeconfig! };
    const plan = await prepareInstallPlan(answers, deps);
    expect(plan.objects.find((o) => o.name === SECRET_NAMES.registry)).toMatchObject({ action: 'update' });
    const applied = await applyInstallPlan(plan, deps);
    expect(applied.ok).toBe(true);
    const backup = applied.backups.find((b) => b.includes('secret-registry-secret'))!;
    expect(backup).toBeDefined();
    expect((await stat(backup)).mode & 0o777).toBe(0o600);
    const saved = parse(await readFile(backup, 'utf8')) as { metadata: { name: string }; data: Record<string, string> };
    expect(saved.metadata.name).toBe(SECRET_NAMES.registry);
    expect(Buffer.from(saved.data['config.json']!, 'base64').toString()).toContain('b2xkOm9sZA==');
    const now = decodeSecretData((await kube.getSecret(ns, SECRET_NAMES.registry))!)['config.json']!.toString();
    expect(JSON.parse(now)).toEqual({ auths: {} });
  });
  it('switching from IRSA to EKS Pod Identity removes the role annotation (it would win over the association); the pod keeps the account and fsGroup', async () => {
    const ns = uniqueNamespace('inst-podid');
    namespaces.push(ns);
    const roleArn = 'arn:aws:iam::123456789012:role/pro-builder-ecr';
    const irsa: RegistryAnswer = { kind: 'ecr-irsa', accountId: '123456789012', region: 'eu-west-1', roleArn };
    const common = {
      kube,
      kubeconfig: testbed.kubeconfig!,
      helmBinary: testbed.helm4!,
      chartDir: referenceChart('0.6.10'),
      namespace: ns,
      buildkitCpu: '100m',
      buildkitMemory: '128Mi',
      values: USER_VALUES,
    };
    await installProBuilder({ ...common, registry: irsa });
    expect((await kube.getServiceAccount(ns, 'pro-builder-ecr'))?.metadata?.annotations?.['eks.amazonaws.com/role-arn']).toBe(roleArn);

    await installProBuilder({ ...common, registry: { ...irsa, podIdentity: { clusterName: 'prod-eu' } } });
    const sa = (await kube.getServiceAccount(ns, 'pro-builder-ecr'))!;
    expect(sa.metadata?.annotations?.['eks.amazonaws.com/role-arn']).toBeUndefined();
    const pod = (await kube.getDeployment(ns, 'pro-builder'))!.spec!.template.spec!;
    expect(pod.serviceAccountName).toBe('pro-builder-ecr');
    expect(pod.securityContext?.fsGroup).toBe(65534);
  }, 300_000);
});
