import { spawnSync } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { V1Pod } from '@kubernetes/client-node';
import { KubeClient } from '../../src/platform/kube/client.js';
import { KubeError } from '../../src/platform/kube/errors.js';
import { HelmCli, upgradeInstallArgs } from '../../src/platform/helm/helm.js';
import { describeWithCluster, kubeClient, rawApis, testbed, uniqueNamespace } from './testbed.js';
import { eventually } from './eventually.js';

const fixtureChart = resolve(import.meta.dirname, '../fixtures/charts/mini-builder');

/** A loopback port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as AddressInfo;
  await new Promise((r) => srv.close(r));
  return port;
}

function decodeJwtPayload(token: string): Record<string, unknown> {
  const part = token.split('.')[1]!;
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
}

describeWithCluster("the real test bed, through the project's own Kubernetes and helm modules", () => {
  let kube: KubeClient;
  const ns = uniqueNamespace('found');

  beforeAll(async () => {
    kube = kubeClient();
    await kube.createNamespace(ns);
  });
  afterAll(async () => {
    await kube?.deleteNamespace(ns);
  });

  it('talks to a real kube-apiserver on loopback whose version is stamped', async () => {
    expect(new URL(kube.target.server).hostname).toBe('127.0.0.1');
    const v = await kube.serverVersion();
    expect(v.gitVersion).toMatch(/^v1\.\d+\.\d+/);
    if (testbed.kubeVersion) expect(v.gitVersion).toBe(testbed.kubeVersion);
  });

  it('creates a secret, reads it back, and turns a second create into a plain 409', async () => {
    const body = { metadata: { name: 'registry-secret' }, stringData: { 'config.json': '{"auths":{}}' } };
    await kube.createSecret(ns, body);
    const read = await kube.getSecret(ns, 'registry-secret');
    expect(Buffer.from(read!.data!['config.json']!, 'base64').toString()).toBe('{"auths":{}}');

    const second = await kube.createSecret(ns, body).catch((e: unknown) => e);
    expect(second).toBeInstanceOf(KubeError);
    const err = second as KubeError;
    expect(err.reason).toBe('conflict');
    expect(err.status).toBe(409);
    expect(err.sentence).toMatch(/already exists/);
    expect(err.sentence).not.toMatch(/\{"auths"/);

    expect(await kube.getSecret(ns, 'no-such-secret')).toBeUndefined();
    expect(await kube.deleteSecret(ns, 'no-such-secret')).toBe(false);
  });

  it('turns a 422 into a sentence naming the problem', async () => {
    const bad = await kube.createSecret(ns, { metadata: { name: 'Not_A_Valid_Name' }, stringData: { a: 'b' } }).catch((e: unknown) => e);
    expect((bad as KubeError).reason).toBe('invalid');
    expect((bad as KubeError).sentence).toMatch(/invalid \(422\).*Not_A_Valid_Name/);
  });

  it('says plainly when the cluster is unreachable', async () => {
    const { kc, target } = (await import('../../src/platform/kube/config.js')).loadKubeConfig({ kubeconfig: testbed.kubeconfig! });
    const port = await closedPort();
    const server = `https://127.0.0.1:${port}`;
    kc.clusters = kc.clusters.map((c) => ({ ...c, server }));
    const dead = new KubeClient(kc, { ...target, server }, 3_000);
    const err = (await dead.getNamespace('default').catch((e: unknown) => e)) as KubeError;
    expect(err.reason).toBe('unreachable');
    expect(err.sentence).toContain(`Cannot reach the cluster at ${server} (ECONNREFUSED).`);
    expect(err.sentence).toMatch(/Check that the cluster is running/);
  });

  for (const which of ['helm3', 'helm4'] as const) {
    it(`${which}: upgrade --install of a chart shaped like pro-builder reaches Running on a kwok node`, async () => {
      const helm = new HelmCli(testbed[which]!);
      const version = await helm.version();
      expect(version.major).toBe(which === 'helm3' ? 3 : 4);

      const release = `mini-${which}`;
      await kube.createSecret(ns, { metadata: { name: 'payload-secret' }, stringData: { 'payload-secret': 'x' } }).catch(() => undefined);
      const args = upgradeInstallArgs({
        release,
        chart: fixtureChart,
        namespace: ns,
        kubeconfig: testbed.kubeconfig!,
        valuesFiles: [],
        timeout: '2m',
      });
      const lines: string[] = [];
      const r = await helm.run([...args, '--set', 'cpu=500m'], { onLine: (l) => lines.push(l) });
      expect(r.stderr).toBe('');
      expect(r.exitCode).toBe(0);
      expect(lines.join('\n')).toMatch(/STATUS: deployed/);

      const pod = await eventually(async () => {
        const pods = await kube.listPods(ns, { labelSelector: `app=${release}` });
        const running = pods.find((p) => p.status?.phase === 'Running');
        if (!running) throw new Error(`pods: ${pods.map((p) => `${p.metadata?.name}=${p.status?.phase}`).join(', ') || 'none'}`);
        return running;
      });
      const node = (await kube.listNodes()).find((n) => n.metadata?.name === pod.spec?.nodeName);
      expect(node?.metadata?.annotations?.['kwok.x-k8s.io/node']).toBe('fake');
      expect(pod.spec?.containers[0]?.resources?.requests?.['cpu']).toBe('500m');
      expect(pod.status?.hostIP).toBe('127.0.0.1');
    });
  }

  it("leaves a pod that fits no node Pending and reads back the real scheduler's FailedScheduling", async () => {
    const pod: V1Pod = {
      metadata: { name: 'too-big' },
      spec: {
        containers: [{ name: 'buildkit', image: 'example.invalid/buildkit', resources: { requests: { cpu: '64', memory: '1Gi' } } }],
        tolerations: [{ key: 'kwok.x-k8s.io/node', operator: 'Exists', effect: 'NoSchedule' }],
      },
    };
    await rawApis().core.createNamespacedPod({ namespace: ns, body: pod });
    const event = await eventually(async () => {
      const events = await kube.listEvents(ns, { fieldSelector: 'involvedObject.name=too-big,reason=FailedScheduling' });
      if (!events[0]) throw new Error('no FailedScheduling event yet');
      return events[0];
    });
    expect(event.type).toBe('Warning');
    expect(event.source?.component ?? event.reportingComponent).toBe('default-scheduler');
    expect(event.message).toMatch(/0\/\d+ nodes are available: .*Insufficient cpu/);
    const [stillPending] = await kube.listPods(ns, { fieldSelector: 'metadata.name=too-big' });
    expect(stillPending?.status?.phase).toBe('Pending');
  });

  it('mints a service-account token through TokenRequest whose sub names the account', async () => {
    await kube.createServiceAccount(ns, { metadata: { name: 'pro-builder-ecr' } });
    const token = await eventually(() =>
      kube.createToken({ namespace: ns, serviceAccount: 'pro-builder-ecr', audiences: ['sts.amazonaws.com'] }),
    );
    const claims = decodeJwtPayload(token);
    expect(claims['sub']).toBe(`system:serviceaccount:${ns}:pro-builder-ecr`);
    expect(claims['aud']).toEqual(['sts.amazonaws.com']);
    expect(Number(claims['exp'])).toBeGreaterThan(Date.now() / 1000);
  });

  it('keeps every address on loopback: nodes, pods and the API server', async () => {
    const nodes = await kube.listNodes();
    expect(nodes.length).toBeGreaterThan(0);
    for (const n of nodes) {
      for (const a of n.status?.addresses ?? []) {
        if (a.type === 'InternalIP' || a.type === 'ExternalIP') expect(a.address).toMatch(/^127\./);
      }
    }
    const ss = spawnSync('ss', ['-Htn', 'state', 'established'], { encoding: 'utf8' });
    if (ss.status === 0) {
      const peers = ss.stdout
        .split('\n')
        .filter(Boolean)
        .map((l) => l.trim().split(/\s+/).pop()!);
      const remote = peers.filter((p) => !/^(127\.|\[::1\]|\[::ffff:127\.)/.test(p));
      // Only the test bed's own ports matter; anything else on the box is not ours to judge.
      const apiPort = new URL(kube.target.server).port;
      expect(remote.filter((p) => p.endsWith(`:${apiPort}`))).toEqual([]);
    }
  });
});
