/**
 * On the real test bed's kube-apiserver: the client sends every request over one kept-alive TLS
 * connection (client-node alone opens one per request), with client certificates and with a
 * bearer token, and that idle connection never holds the process open.
 */
import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { KubeClient } from '../../src/platform/kube/client.js';
import { waitUntil } from '../../src/platform/testing/waitUntil.js';
import { kubeconfigVariant } from './cliHarness.js';
import { describeWithCluster, kubeClient, uniqueNamespace } from './testbed.js';

/** A TCP relay to the API server that counts the connections it is asked for (TLS passes through). */
class CountingRelay {
  accepted = 0;
  open = 0;
  private readonly sockets = new Set<Socket>();
  private constructor(private readonly server: Server) {}

  static async start(upstream: string): Promise<CountingRelay> {
    const url = new URL(upstream);
    let relay: CountingRelay | undefined;
    const server = createServer((client) => relay!.accept(client, { host: url.hostname, port: Number(url.port || 443) }));
    relay = new CountingRelay(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    // The relay's own sockets must not count among the handles the test inspects.
    server.unref();
    return relay;
  }

  get url(): string {
    return `https://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  private accept(client: Socket, upstream: { host: string; port: number }): void {
    this.accepted++;
    this.open++;
    const server = connect(upstream);
    for (const s of [client, server]) {
      s.unref();
      this.sockets.add(s);
      s.on('error', () => s.destroy());
    }
    client.pipe(server);
    server.pipe(client);
    client.on('close', () => {
      this.open--;
      server.destroy();
      this.sockets.delete(client);
    });
    server.on('close', () => {
      client.destroy();
      this.sockets.delete(server);
    });
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** Handles that keep this thread's event loop alive and could be a socket. */
const refedSockets = () => process.getActiveResourcesInfo().filter((r) => /TCP|TLS|Pipe|Http2/i.test(r)).length;

describeWithCluster('one kept-alive connection to the real API server', () => {
  const admin = kubeClient();
  const ns = uniqueNamespace('kube-conn');
  let relay: CountingRelay;
  let token: string;

  beforeAll(async () => {
    relay = await CountingRelay.start(admin.target.server);
    await admin.createNamespace(ns);
    await admin.createServiceAccount(ns, { metadata: { name: 'reader' } });
    token = await admin.createToken({ namespace: ns, serviceAccount: 'reader', audiences: [], expirationSeconds: 600 });
  });
  afterAll(async () => {
    await relay.close();
    await admin.deleteNamespace(ns);
    await admin.close();
  });

  /** Core, apps, authorization and version APIs; one after another and many at once. */
  async function doctorLikeRequests(kube: KubeClient, asAdmin: boolean): Promise<void> {
    await kube.serverVersion();
    await kube.canI(Array.from({ length: 10 }, (_, i) => ({ verb: i % 2 ? 'get' : 'list', resource: 'pods', namespace: ns })));
    if (asAdmin) {
      await kube.getNamespace(ns);
      await Promise.all([
        kube.listPods(ns),
        kube.listNodes(),
        kube.listEvents(ns, { fieldSelector: 'type=Warning' }),
        kube.listSecrets(ns, { labelSelector: 'owner=helm,name=pro-builder' }),
        kube.getDeployment(ns, 'pro-builder'),
        kube.getServiceAccount(ns, 'reader'),
        kube.createToken({ namespace: ns, serviceAccount: 'reader', audiences: ['sts.amazonaws.com'] }),
      ]);
    }
    await kube.serverVersion();
  }

  it.each([
    ['client certificate (the test bed admin)', true],
    ['bearer token (a service account)', false],
  ])('%s: every request over one connection, kept open without holding the process', async (_name, asAdmin) => {
    const kubeconfig = await kubeconfigVariant(asAdmin ? { server: relay.url } : { server: relay.url, user: { token } });
    const kube = KubeClient.fromKubeconfig({ kubeconfig });
    // The previous case closed its client; the relay sees that a moment later (much later on a busy
    // machine): count from a quiet start, not from a moving one.
    await waitUntil(() => relay.open === 0, "the previous case's connection is closed");
    const baseline = refedSockets();
    const before = relay.accepted;
    await doctorLikeRequests(kube, asAdmin);
    await doctorLikeRequests(kube, asAdmin);
    expect(relay.accepted - before).toBe(1);
    // The connection is still open for the next request, yet nothing it holds keeps the event loop alive.
    expect(relay.open).toBe(1);
    expect(refedSockets()).toBe(baseline);
    await kube.serverVersion();
    expect(relay.accepted - before).toBe(1);
    await kube.close();
    await waitUntil(() => relay.open === 0, 'the relay sees the connection closed');
  });
});
