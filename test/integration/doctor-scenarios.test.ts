/**
 * The doctor against the REAL chart installed by the project's own install engine on the real test
 * bed, each scenario a broken install in its own namespace that the doctor must name exactly: the
 * check id, the status, and the specific evidence (secret name, 127.0.0.1, "short by …m").
 *
 * What kwok cannot do is said where it matters: it runs no kubelet, so a missing secret leaves no
 * FailedMount event and a pod never crashes by itself — the crash loop is reported through the pod's
 * status subresource, exactly where a kubelet reports it, and the log lines through kwok ClusterLogs.
 */
import type { V1Pod } from '@kubernetes/client-node';
import { afterAll, describe, it } from 'vitest';
import { certSecretData, generateCertificateSet } from '../../src/shared/certs/index.js';
import { makeTestCa, makeTestLeaf } from '../../src/shared/certs/testSupport.js';
import { exitCodeFor, toShortText } from '../../src/features/doctor/index.js';
import { SECRET_NAMES } from '../../src/shared/secrets/index.js';
import {
  CLEAN_LOGS,
  outcomeMap,
  pinnedTo,
  problems,
  runDoctor,
  serveLogs,
  type ChartVersion,
  type InstallRequest,
} from '../fixtures/installedRelease.js';
import { eventually } from './eventually.js';
import { markCrashLooping } from './crashLoop.js';
import { describeWithCharts, kubeClient, namespacesDeletedAfterAll, rawApis, testbed, uniqueNamespace } from './testbed.js';
import { installOnTestbed, ON_KWOK_BIG } from './testbedInstall.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Requests in millicores, as the scheduler counts them ("500m", "2", "1.5"). */
function cpuMillis(q: string | undefined): number {
  if (!q) return 0;
  return q.endsWith('m') ? Number(q.slice(0, -1)) : Math.round(Number(q) * 1000);
}

function podCpuRequest(p: V1Pod): number {
  return (p.spec?.containers ?? []).reduce((n, c) => n + cpuMillis(c.resources?.requests?.['cpu']), 0);
}

describeWithCharts('doctor on the real test bed: every broken install named exactly', () => {
  const kube = kubeClient();
  const namespaces = namespacesDeletedAfterAll(() => kube);
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    await Promise.all(cleanups.map((c) => c()));
  });

  /** The real chart, BuildKit at 500m so all scenarios fit on kwok-big at once, pinned there. */
  async function install(prefix: string, over: Partial<InstallRequest> & { chart?: ChartVersion; helm?: 'helm3' | 'helm4' } = {}) {
    const namespace = uniqueNamespace(prefix);
    namespaces.push(namespace);
    const { chart = '0.4.19', helm = 'helm3', ...rest } = over;
    return installOnTestbed({ kube, helmBinary: testbed[helm]!, chart, namespace, ...ON_KWOK_BIG, ...rest });
  }

  async function withLogs(namespace: string, logs: Record<string, readonly string[]>) {
    cleanups.push(await serveLogs(testbed.kubeconfig!, namespace, logs));
  }

  /** Replaces both certificate secrets' data, as a user re-creating them by hand would. */
  async function replaceCertificates(namespace: string, daemon: Record<string, string>, client: Record<string, string>) {
    for (const [name, data] of [
      [SECRET_NAMES.daemonCerts, daemon],
      [SECRET_NAMES.clientCerts, client],
    ] as const) {
      const s = (await kube.getSecret(namespace, name))!;
      await kube.replaceSecret(namespace, { ...s, data: undefined, stringData: data });
    }
  }

  describe.concurrent('scenarios', () => {
    it('a missing payload-secret: the secrets check names it (kwok has no kubelet, so no FailedMount event exists)', async ({ expect }) => {
      const r = await install('doc-nosecret');
      await withLogs(r.namespace, CLEAN_LOGS);
      await kube.deleteSecret(r.namespace, SECRET_NAMES.payload);
      // A new pod must mount the deleted secret: on a real node it would hang in ContainerCreating with FailedMount.
      const [old] = await kube.listPods(r.namespace, { labelSelector: 'app=pro-builder' });
      await rawApis().core.deleteNamespacedPod({ namespace: r.namespace, name: old!.metadata!.name!, gracePeriodSeconds: 0 });

      const outcomes = await runDoctor(r);
      const o = outcomeMap(outcomes);
      expect(o.get('secrets.payload')).toMatchObject({
        status: 'fail',
        summary: `Secret payload-secret does not exist in namespace ${r.namespace}.`,
        // Not --from-file ./payload.txt: that file may hold the very bytes the check refuses; rotation makes both anew.
        fix: `probuilder-setup rotate signing-secret --namespace ${r.namespace}`,
      });
      // What is real on kwok: the scheduler and controllers ran, but nothing reported a mount failure.
      const mountEvents = (await kube.listEvents(r.namespace, { fieldSelector: 'reason=FailedMount' })).length;
      expect(mountEvents).toBe(0);
      expect(o.of('events.warnings').map((x) => x.id)).not.toContain('events.warnings/missing-secret:payload-secret');
      expect(exitCodeFor(outcomes)).toBe(3);
      expect(toShortText(outcomes).split('\n')[0]).toBe(
        `× [secrets.payload] Secret payload-secret does not exist in namespace ${r.namespace}.`,
      );
    });

    it('a server certificate without IP SAN 127.0.0.1 (chart 0.4.19)', async ({ expect }) => {
      const r = await install('doc-nosan');
      const ca = await makeTestCa();
      const [server, client] = await Promise.all([
        makeTestLeaf(ca, { role: 'server', ipSans: [], dnsSans: ['buildkit.local'] }),
        makeTestLeaf(ca, { role: 'client' }),
      ]);
      await replaceCertificates(
        r.namespace,
        { 'ca.crt': ca.certPem, 'server.crt': server.certPem, 'server.key': server.keyPem },
        { 'ca.crt': ca.certPem, 'client.crt': client.certPem, 'client.key': client.keyPem },
      );
      const o = outcomeMap(await runDoctor(r));
      const certs = o.get('secrets.certificates');
      expect(certs).toMatchObject({ status: 'fail', fix: `probuilder-setup rotate certs --namespace ${r.namespace}` });
      expect(certs.summary).toBe(
        "server.crt in buildkit-daemon-certs has no IP address 127.0.0.1 in its subject alternative names, so pro-builder will reject BuildKit's certificate.",
      );
      expect(certs.hint).toContain('IP SAN 127.0.0.1');
      // Key names and sizes only.
      expect(certs.evidence).toContain(`buildkit-daemon-certs key server.key: ${Buffer.byteLength(server.keyPem)} bytes`);
      expect(JSON.stringify(certs)).not.toContain('PRIVATE KEY');
    });

    it('certificates from two different CAs', async ({ expect }) => {
      const r = await install('doc-twoca');
      const [caA, caB] = await Promise.all([makeTestCa({ commonName: 'CA A' }), makeTestCa({ commonName: 'CA B' })]);
      const [server, client] = await Promise.all([
        makeTestLeaf(caA, { role: 'server', ipSans: ['127.0.0.1'] }),
        makeTestLeaf(caB, { role: 'client' }),
      ]);
      await replaceCertificates(
        r.namespace,
        { 'ca.crt': caA.certPem, 'server.crt': server.certPem, 'server.key': server.keyPem },
        { 'ca.crt': caB.certPem, 'client.crt': client.certPem, 'client.key': client.keyPem },
      );
      const certs = outcomeMap(await runDoctor(r)).get('secrets.certificates');
      expect(certs).toMatchObject({
        status: 'fail',
        summary:
          "buildkit-daemon-certs and buildkit-client-certs hold certificates from two different CAs (their ca.crt entries differ): pro-builder will not trust BuildKit's server.crt, and BuildKit will not trust pro-builder's client.crt.",
        hint: 'Both secrets must be created from one certificate set. Generate a new certificate set and recreate both secrets from it.',
        fix: `probuilder-setup rotate certs --namespace ${r.namespace}`,
      });
    });

    it('an expired certificate', async ({ expect }) => {
      const r = await install('doc-expired');
      const now = new Date();
      const ca = await makeTestCa();
      const notAfter = new Date(now.getTime() - 3 * DAY_MS);
      const [server, client] = await Promise.all([
        makeTestLeaf(ca, { role: 'server', ipSans: ['127.0.0.1'], notBefore: new Date(now.getTime() - 400 * DAY_MS), notAfter }),
        makeTestLeaf(ca, { role: 'client' }),
      ]);
      await replaceCertificates(
        r.namespace,
        { 'ca.crt': ca.certPem, 'server.crt': server.certPem, 'server.key': server.keyPem },
        { 'ca.crt': ca.certPem, 'client.crt': client.certPem, 'client.key': client.keyPem },
      );
      const certs = outcomeMap(await runDoctor(r, now)).get('secrets.certificates');
      expect(certs).toMatchObject({
        status: 'fail',
        summary: `server.crt in buildkit-daemon-certs expired on ${notAfter.toISOString().slice(0, 19)}Z (3 days ago).`,
        fix: `probuilder-setup rotate certs --namespace ${r.namespace}`,
      });
    });

    it('a registry config with credsStore: desktop', async ({ expect }) => {
      const r = await install('doc-credsstore');
      const s = (await kube.getSecret(r.namespace, SECRET_NAMES.registry))!;
      const config = JSON.stringify({ auths: { 'ghcr.io': {} }, credsStore: 'desktop' });
      await kube.replaceSecret(r.namespace, { ...s, data: undefined, stringData: { 'config.json': config } });
      const registry = outcomeMap(await runDoctor(r)).get('secrets.registry');
      expect(registry.status).toBe('fail');
      expect(registry.summary).toMatch(/^registry-secret: The config sets "credsStore" to "desktop"/);
      expect(registry.summary).toContain('the pro-builder Pod has no such helper');
      expect(registry.evidence).toEqual(
        expect.arrayContaining(['credsStore: desktop', 'auths: ghcr.io', `key config.json: ${config.length} bytes`]),
      );
      expect(registry.fix).toBe(`kubectl create secret generic registry-secret --from-file config.json=./config.json -n ${r.namespace}`);
    });

    it('a node too small for BuildKit: the real FailedScheduling, and the shortfall in millicores', async ({ expect }) => {
      // The chart's own requests (BuildKit 2000m / 2Gi, pro-builder 100m / 64Mi) pinned to the 1-CPU node.
      const r = await install('doc-small', {
        buildkitCpu: undefined,
        buildkitMemory: undefined,
        values: pinnedTo('kwok-small'),
        waitForRollout: false,
      });
      // The ReplicaSet creates the pod, then the scheduler marks it unschedulable.
      const pod = await eventually(
        async () => {
          const [p] = await kube.listPods(r.namespace, { labelSelector: 'app=pro-builder' });
          if (!p?.status?.conditions?.some((c) => c.type === 'PodScheduled' && c.status === 'False'))
            throw new Error('the pod is not marked unschedulable yet');
          return p;
        },
        { timeoutMs: 30_000 },
      );
      expect(podCpuRequest(pod)).toBe(2100);
      // The scheduler's real verdict, through the events API.
      const scheduling = await eventually(
        async () => {
          const events = await kube.listEvents(r.namespace, { fieldSelector: 'reason=FailedScheduling' });
          if (!events.length) throw new Error('no FailedScheduling event yet');
          return events;
        },
        { timeoutMs: 30_000 },
      );
      expect(scheduling[0]?.message).toMatch(/^0\/\d+ nodes are available: .*1 Insufficient cpu/);

      const onSmall = await kube.listPods(undefined, {
        fieldSelector: 'spec.nodeName=kwok-small,status.phase!=Succeeded,status.phase!=Failed',
      });
      const free = 1000 - onSmall.reduce((n, p) => n + podCpuRequest(p), 0);
      const outcomes = await runDoctor(r);
      const o = outcomeMap(outcomes);
      const fit = o.get('nodes.fit');
      expect(fit.status).toBe('fail');
      expect(fit.final).toBe(true);
      expect(fit.summary).toContain(
        `Pod ${pod.metadata!.name} is not scheduled: largest free node (kwok-small) has ${free}m CPU; the pod requests 2100m (BuildKit 2000m); short by ${2100 - free}m`,
      );
      expect(fit.summary).toContain('lower buildkit.resources.requests.cpu in custom-values.yaml');
      expect(fit.summary).toContain('(no node is big enough even when empty)');
      expect(fit.evidence).toContain('excluded kwok-big: nodeSelector kubernetes.io/hostname=kwok-small does not match');
      expect(o.get('events.warnings/insufficient:cpu+memory')).toMatchObject({ status: 'fail' });
      expect(o.get('events.warnings/insufficient:cpu+memory').evidence[0]).toMatch(
        /^FailedScheduling: \d+ times?, last \d+s ago, on Pod\/pro-builder-/,
      );
      expect(o.get(`workload.pods/${pod.metadata!.name}`)).toMatchObject({ status: 'fail' });
      expect(o.get(`workload.pods/${pod.metadata!.name}`).summary).toMatch(
        /^Pod is Pending and not scheduled: No node has enough free cpu and memory/,
      );
      expect(exitCodeFor(outcomes)).toBe(3);
    });

    it('a service account without the IAM role annotation (IRSA)', async ({ expect }) => {
      const r = await install('doc-irsa', {
        registry: {
          kind: 'ecr-irsa',
          accountId: '210987654321',
          region: 'us-east-2',
          roleArn: 'arn:aws:iam::210987654321:role/pro-builder-ecr',
        },
      });
      const sa = (await kube.getServiceAccount(r.namespace, 'pro-builder-ecr'))!;
      const { ['eks.amazonaws.com/role-arn']: _removed, ...annotations } = sa.metadata!.annotations ?? {};
      await kube.replaceServiceAccount(r.namespace, { ...sa, metadata: { ...sa.metadata, annotations } });
      const o = outcomeMap(await runDoctor(r));
      expect(o.get('irsa.service-account')).toMatchObject({
        status: 'fail',
        summary: 'Service account pro-builder-ecr has no eks.amazonaws.com/role-arn annotation, so the pod gets no AWS role.',
        fix: `kubectl annotate serviceaccount pro-builder-ecr -n ${r.namespace} 'eks.amazonaws.com/role-arn=arn:aws:iam::<account-id>:role/<role-name>' --overwrite`,
      });
      expect(o.get('irsa.token')).toMatchObject({ status: 'skipped', skipReason: 'dependency' });
      expect(o.get('irsa.fs-group')).toMatchObject({ status: 'pass', summary: 'The pod sets fsGroup 65534.' });
    });

    it("a deleted IRSA service account: the ReplicaSet controller's real FailedCreate, found among 250 unrelated ReplicaSet warnings", async ({
      expect,
    }) => {
      const r = await install('doc-nosa', {
        registry: {
          kind: 'ecr-irsa',
          accountId: '210987654321',
          region: 'us-east-2',
          roleArn: 'arn:aws:iam::210987654321:role/pro-builder-ecr',
        },
      });
      const { core } = rawApis();
      // Other apps' ReplicaSets failing in the same namespace; their event names sort before the pro-builder's.
      const now = new Date();
      for (let i = 0; i < 250; i += 50) {
        await Promise.all(
          Array.from({ length: 50 }, (_, j) =>
            core.createNamespacedEvent({
              namespace: r.namespace,
              body: {
                metadata: { name: `figlet-${i + j}-7d9c8.noise`, namespace: r.namespace },
                involvedObject: { kind: 'ReplicaSet', namespace: r.namespace, name: `figlet-${i + j}-7d9c8` },
                reason: 'FailedCreate',
                message: `Error creating: pods "figlet-${i + j}-7d9c8-" is forbidden: exceeded quota: compute`,
                type: 'Warning',
                count: 1,
                firstTimestamp: now,
                lastTimestamp: now,
              },
            }),
          ),
        );
      }
      await kube.deleteServiceAccount(r.namespace, 'pro-builder-ecr');
      const [pod] = await kube.listPods(r.namespace, { labelSelector: 'app=pro-builder' });
      await core.deleteNamespacedPod({ namespace: r.namespace, name: pod!.metadata!.name!, gracePeriodSeconds: 0 });
      // The ReplicaSet controller cannot create the replacement.
      await eventually(
        async () => {
          const events = await kube.listEvents(r.namespace, { fieldSelector: 'involvedObject.kind=ReplicaSet,reason=FailedCreate' });
          if (!events.some((e) => e.involvedObject.name?.startsWith('pro-builder-')))
            throw new Error('no FailedCreate from the pro-builder ReplicaSet yet');
        },
        { timeoutMs: 30_000 },
      );
      const outcomes = await runDoctor(r);
      const o = outcomeMap(outcomes);
      const cause = o.get('events.warnings/missing-service-account:pro-builder-ecr');
      expect(cause).toMatchObject({
        status: 'fail',
        summary: `Pods cannot be created: service account pro-builder-ecr does not exist in namespace ${r.namespace}.`,
        fix: `kubectl create serviceaccount pro-builder-ecr -n ${r.namespace}`,
      });
      expect(cause.evidence[0]).toMatch(/^FailedCreate: \d+ times?, last \d+s ago, on ReplicaSet\/pro-builder-/);
      expect(o.get('irsa.service-account')).toMatchObject({
        status: 'fail',
        summary: `Service account pro-builder-ecr (values.serviceAccount) does not exist in namespace ${r.namespace}.`,
      });
      // The unrelated ReplicaSets' quota failures are not the pro-builder's.
      expect(o.of('events.warnings').map((x) => x.id)).not.toContain('events.warnings/quota-exceeded');
      expect(exitCodeFor(outcomes)).toBe(3);
    });

    it('a crash-looping pro-builder whose log holds an x509 error', async ({ expect }) => {
      const r = await install('doc-crash');
      const x509 = 'level=fatal msg="failed to connect to buildkit at tcp://127.0.0.1:1234: x509: certificate signed by unknown authority"';
      await withLogs(r.namespace, { 'pro-builder': ['Starting pro-builder', x509], buildkit: CLEAN_LOGS.buildkit });
      const [listed] = await kube.listPods(r.namespace, { labelSelector: 'app=pro-builder' });
      const name = listed!.metadata!.name!;
      await markCrashLooping(r.namespace, name);
      // The Deployment controller notices the unready pod.
      await eventually(
        async () => {
          if (((await kube.getDeployment(r.namespace, 'pro-builder'))?.status?.availableReplicas ?? 0) !== 0)
            throw new Error('the Deployment still counts the pod available');
        },
        { timeoutMs: 30_000 },
      );
      const outcomes = await runDoctor(r);
      const o = outcomeMap(outcomes);
      const logs = o.get(`logs.pro-builder/${name}`);
      expect(logs).toMatchObject({
        status: 'fail',
        subject: name,
        summary: "pro-builder and BuildKit do not trust each other's certificates (different CAs).",
      });
      expect(logs.evidence).toEqual(['tls-unknown-authority: 1 matching line', `> ${x509}`]);
      expect(logs.hint).toContain('probuilder-setup rotate certs');
      expect(o.get(`logs.buildkit/${name}`)).toMatchObject({ status: 'pass' });
      expect(o.get(`workload.pods/${name}`)).toMatchObject({
        status: 'fail',
        summary: 'container pro-builder is crash-looping: 6 restarts, last exit: Error (exit code 1).',
      });
      expect(o.get('workload.deployment')).toMatchObject({
        status: 'warn',
        summary: 'Deployment pro-builder has 0/1 replicas available: its rollout finished, but pods are not ready now.',
      });
      expect(exitCodeFor(outcomes)).toBe(3);
    });

    for (const [chart, helm] of [
      ['0.4.19', 'helm3'],
      ['0.6.10', 'helm4'],
    ] as const) {
      it(`a healthy install (chart ${chart}, ${helm}): every check passes or does not apply, exit 0`, async ({ expect }) => {
        const r = await install(`doc-ok-${chart.replace(/\./g, '')}`, { chart, helm });
        await withLogs(r.namespace, CLEAN_LOGS);
        const outcomes = await runDoctor(r);
        expect(problems(outcomes)).toBe(
          outcomes
            .filter((x) => x.status === 'skipped' && x.skipReason === 'not-applicable')
            .map((x) => `skipped ${x.id}: ${x.summary}`)
            .join('\n'),
        );
        expect(outcomes.filter((x) => x.skipReason === 'forbidden')).toEqual([]);
        expect(exitCodeFor(outcomes)).toBe(0);
        const o = outcomeMap(outcomes);
        expect(o.get('permissions.access').status).toBe('pass');
        expect(o.get('helm.release').summary).toBe(`pro-builder ${chart} revision 1 is deployed.`);
        expect(o.get('secrets.certificates').status).toBe(chart === '0.4.19' ? 'pass' : 'skipped');
        expect(o.of('logs.pro-builder').map((x) => x.status)).toEqual(['pass']);
        expect(o.of('workload.pods').map((x) => x.status)).toEqual(['pass']);
      });
    }
  });

  // Sanity for the fixtures above: a freshly generated set passes the same audit the doctor runs.
  it("the install engine's own certificates pass (control for the certificate scenarios)", async ({ expect }) => {
    const set = certSecretData(await generateCertificateSet());
    const r = await install('doc-certs-control');
    await replaceCertificates(r.namespace, set.daemon, set.client);
    expect(outcomeMap(await runDoctor(r)).get('secrets.certificates').status).toBe('pass');
  });
});
