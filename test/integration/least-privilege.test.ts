import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { AppsV1Api, KubeConfig, RbacAuthorizationV1Api, type V1ClusterRole, type V1Role } from '@kubernetes/client-node';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseAllDocuments, stringify } from 'yaml';
import { HelmCli } from '../../src/platform/helm/helm.js';
import { KubeClient } from '../../src/platform/kube/client.js';
import { runPreflight } from '../../src/features/install/preflight.js';
import { prepareInstallPlan } from '../../src/features/install/prepare.js';
import { applyInstallPlan } from '../../src/features/install/apply.js';
import { waitForRollout } from '../../src/shared/rollout/rollout.js';
import { ALL_CHECKS, createDoctorContext, runChecks } from '../../src/features/doctor/index.js';
import { eventually } from './eventually.js';
import { describeWithCharts, kubeClient, referenceChart, testbed, uniqueNamespace } from './testbed.js';

const rbacDir = resolve(import.meta.dirname, '../../scripts/rbac');

interface RbacSet {
  role: V1Role;
  clusterRole: V1ClusterRole;
}

/** The documented YAML, as shipped: only the namespace and the names are made unique for the test. */
async function loadRbac(file: string): Promise<RbacSet> {
  const docs = parseAllDocuments(await readFile(join(rbacDir, file), 'utf8')).map((d) => d.toJS() as { kind: string });
  return {
    role: docs.find((d) => d.kind === 'Role') as V1Role,
    clusterRole: docs.find((d) => d.kind === 'ClusterRole') as V1ClusterRole,
  };
}

describeWithCharts('least privilege: install and doctor with exactly the documented RBAC', () => {
  const admin = kubeClient();
  const { kc: adminKc } = (() => {
    const kc = new KubeConfig();
    kc.loadFromFile(testbed.kubeconfig!);
    return { kc };
  })();
  const rbac = adminKc.makeApiClient(RbacAuthorizationV1Api);
  const ns = uniqueNamespace('rbac');
  const users = uniqueNamespace('rbac-users');
  const created: string[] = [];

  /** A service account bound to exactly `set` (minus `drop`), and a kubeconfig that authenticates as it. */
  async function identity(name: string, set: RbacSet, drop?: (r: V1Role) => V1Role, namespace = ns): Promise<string> {
    await admin.createServiceAccount(users, { metadata: { name } });
    const unique = `${name}-${ns}`;
    const role = drop ? drop(structuredClone(set.role)) : set.role;
    await rbac.createNamespacedRole({ namespace, body: { ...role, metadata: { name: unique, namespace } } });
    await rbac.createClusterRole({ body: { ...set.clusterRole, metadata: { name: unique } } });
    created.push(unique);
    const subjects = [{ kind: 'ServiceAccount', name, namespace: users }];
    await rbac.createNamespacedRoleBinding({
      namespace,
      body: { metadata: { name: unique }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: unique }, subjects },
    });
    await rbac.createClusterRoleBinding({
      body: { metadata: { name: unique }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: unique }, subjects },
    });
    const token = await admin.createToken({ namespace: users, serviceAccount: name, audiences: [], expirationSeconds: 3600 });
    const cluster = adminKc.getCurrentCluster()!;
    const dir = await mkdtemp(join(tmpdir(), 'pbs-rbac-'));
    const path = join(dir, 'kubeconfig');
    await writeFile(
      path,
      stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [
          {
            name: 'tb',
            cluster: { server: cluster.server, 'certificate-authority': cluster.caFile, 'certificate-authority-data': cluster.caData },
          },
        ],
        users: [{ name, user: { token } }],
        contexts: [{ name, context: { cluster: 'tb', user: name } }],
        'current-context': name,
      }),
      { mode: 0o600 },
    );
    return path;
  }

  let install: RbacSet;
  let doctor: RbacSet;
  beforeAll(async () => {
    [install, doctor] = await Promise.all([loadRbac('install.yaml'), loadRbac('doctor.yaml')]);
    await admin.createNamespace(users);
    // An admin creates the namespace and the bindings in it; the installer does the rest.
    await admin.createNamespace(ns);
  });
  afterAll(async () => {
    await Promise.all(
      created.flatMap((n) => [
        rbac.deleteClusterRole({ name: n }).catch(() => undefined),
        rbac.deleteClusterRoleBinding({ name: n }).catch(() => undefined),
      ]),
    );
    await Promise.all([admin.deleteNamespace(ns), admin.deleteNamespace(users)]);
  });

  it('installs with only the install role, then the doctor reads everything with only the doctor role', async () => {
    const installerConfig = await identity('installer', install);
    const kube = KubeClient.fromKubeconfig({ kubeconfig: installerConfig });
    const helm = new HelmCli(testbed.helm4!);
    const pre = await runPreflight(kube, helm, ns, { serviceAccount: true });
    expect(pre).toMatchObject({ ok: true });

    const dir = await mkdtemp(join(tmpdir(), 'pbs-rbac-install-'));
    const plan = await prepareInstallPlan(
      {
        namespace: ns,
        release: 'pro-builder',
        license: Buffer.from('rbac-license'),
        licensePath: '/dev/null',
        registry: { kind: 'ecr-irsa', accountId: '123456789012', region: 'eu-west-1', roleArn: 'arn:aws:iam::123456789012:role/builder' },
        rotateSigningSecret: false,
        buildkitMode: 'rootless',
        buildkitCpu: '250m',
        valuesFile: join(dir, 'custom-values.yaml'),
        outputDir: dir,
        chart: referenceChart('0.4.19'),
        timeoutMs: 60_000,
        skipRepoAdd: true,
      },
      { kube, helm },
    );
    const applied = await applyInstallPlan(plan, { kube, helm });
    expect(applied.error).toBeUndefined();
    expect((await waitForRollout(kube, ns, 'pro-builder', { timeoutMs: 60_000, intervalMs: 250 })).ok).toBe(true);

    const doctorConfig = await identity('doctor', doctor);
    const doctorKube = KubeClient.fromKubeconfig({ kubeconfig: doctorConfig });
    const outcomes = await runChecks(
      ALL_CHECKS,
      createDoctorContext({ kube: doctorKube, helm, namespace: ns, release: 'pro-builder', now: new Date() }),
    );
    const forbidden = outcomes.filter((o) => o.skipReason === 'forbidden');
    expect(forbidden.map((o) => `${o.id}: ${o.summary}`)).toEqual([]);
    expect(outcomes.find((o) => o.id.startsWith('permissions'))?.status).toBe('pass');
  });

  it('names the one permission that is missing, for install and for the doctor', async () => {
    const withoutSecretCreate = (r: V1Role): V1Role => ({
      ...r,
      rules: r.rules!.map((rule) =>
        rule.resources?.includes('secrets') ? { ...rule, verbs: rule.verbs.filter((v) => v !== 'create') } : rule,
      ),
    });
    const kube = KubeClient.fromKubeconfig({ kubeconfig: await identity('installer-short', install, withoutSecretCreate) });
    const pre = await runPreflight(kube, new HelmCli(testbed.helm3!), ns, { serviceAccount: false });
    expect(pre.ok).toBe(false);
    if (!pre.ok) {
      expect(pre.failure.stage).toBe('permissions');
      expect(pre.failure.message).toBe(`Your user may not create secrets in namespace ${ns}.`);
    }

    const withoutLogs = (r: V1Role): V1Role => ({ ...r, rules: r.rules!.filter((rule) => !rule.resources?.includes('pods/log')) });
    const doctorConfig = await identity('doctor-short', doctor, withoutLogs);
    const outcomes = await runChecks(
      ALL_CHECKS,
      createDoctorContext({
        kube: KubeClient.fromKubeconfig({ kubeconfig: doctorConfig }),
        helm: new HelmCli(testbed.helm3!),
        namespace: ns,
        release: 'pro-builder',
        now: new Date(),
      }),
    );
    const skipped = outcomes.filter((o) => o.skipReason === 'forbidden');
    expect(skipped.length).toBeGreaterThan(0);
    expect(skipped.every((o) => o.status === 'skipped')).toBe(true);
    expect(skipped.map((o) => o.summary).join('\n')).toMatch(/pods\/log/);
    expect(outcomes.some((o) => o.status === 'pass' && o.id.startsWith('logs'))).toBe(false);
  });

  it('lets the doctor mint tokens, and the installer change or delete service accounts, for pro-builder-ecr only', async () => {
    for (const name of ['pro-builder-ecr', 'someone-else']) {
      if (!(await admin.getServiceAccount(ns, name))) await admin.createServiceAccount(ns, { metadata: { name } });
    }
    const doctorKube = KubeClient.fromKubeconfig({ kubeconfig: await identity('doctor-tokens', doctor) });
    const audiences = ['sts.amazonaws.com'];
    await expect(
      doctorKube.createToken({ namespace: ns, serviceAccount: 'pro-builder-ecr', audiences, expirationSeconds: 600 }),
    ).resolves.toMatch(/^ey/);
    await expect(
      doctorKube.createToken({ namespace: ns, serviceAccount: 'someone-else', audiences, expirationSeconds: 600 }),
    ).rejects.toMatchObject({ reason: 'forbidden' });

    const installerKube = KubeClient.fromKubeconfig({ kubeconfig: await identity('installer-accounts', install) });
    await expect(installerKube.deleteServiceAccount(ns, 'someone-else')).rejects.toMatchObject({ reason: 'forbidden' });
    const other = (await admin.getServiceAccount(ns, 'someone-else'))!;
    await expect(
      installerKube.replaceServiceAccount(ns, { ...other, metadata: { ...other.metadata, labels: { taken: 'yes' } } }),
    ).rejects.toMatchObject({ reason: 'forbidden' });
    expect(await admin.getServiceAccount(ns, 'someone-else')).toBeDefined();
  });

  it('without the cluster-wide pod read (doctor.yaml with "pods" left out of its ClusterRole), node headroom is skipped, naming it', async () => {
    // A pro-builder Deployment whose pod no node can take: node headroom then needs the pods on every node.
    const own = uniqueNamespace('rbac-headroom');
    await admin.createNamespace(own);
    try {
      const release = 'pro-builder';
      const apps = adminKc.makeApiClient(AppsV1Api);
      const labels = { 'app.kubernetes.io/instance': release, app: release };
      await apps.createNamespacedDeployment({
        namespace: own,
        body: {
          metadata: { name: release, labels },
          spec: {
            replicas: 1,
            selector: { matchLabels: labels },
            template: {
              metadata: { labels },
              spec: { containers: [{ name: 'c', image: 'example.invalid/none', resources: { requests: { cpu: '100000' } } }] },
            },
          },
        },
      });
      await eventually(
        async () => {
          const [p] = await admin.listPods(own, { labelSelector: `app=${release}` });
          if (!p?.status?.conditions?.some((c) => c.type === 'PodScheduled' && c.status === 'False'))
            throw new Error('not unschedulable yet');
        },
        { timeoutMs: 60_000 },
      );
      const withoutPods: RbacSet = {
        ...doctor,
        clusterRole: {
          ...doctor.clusterRole,
          rules: doctor.clusterRole.rules!.map((r) => ({ ...r, resources: r.resources?.filter((x) => x !== 'pods') })),
        },
      };
      const doctorKube = KubeClient.fromKubeconfig({ kubeconfig: await identity('doctor-no-pods', withoutPods, undefined, own) });
      const outcomes = await runChecks(
        ALL_CHECKS,
        createDoctorContext({ kube: doctorKube, helm: new HelmCli(testbed.helm4!), namespace: own, release, now: new Date() }),
      );
      expect(outcomes.find((o) => o.id === 'nodes.fit')).toMatchObject({
        status: 'skipped',
        skipReason: 'forbidden',
        summary: 'Could not check: needs list on pods (cluster-wide).',
      });
    } finally {
      await admin.deleteNamespace(own);
    }
  });
});
