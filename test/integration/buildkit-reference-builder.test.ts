import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { generateCertificateSet } from '../../src/shared/certs/index.js';
import { startBuildkitd, type RunningBuildkitd } from '../buildbed/buildkitd.js';
import { makeBuildTar, postBuild, readBuildStream, scratchContext } from '../buildbed/buildContext.js';
import { clusterSecretSource } from '../buildbed/clusterSecrets.js';
import { forwardPodPortTo, kubectlPortForward, type KubectlPortForward } from '../buildbed/portForward.js';
import { startReferenceBuilder, type BuildResult, type RunningReferenceBuilder } from '../buildbed/referenceBuilder.js';
import { startRegistry, type RunningRegistry } from '../buildbed/registry.js';
import { describeWithBuildKitAndCluster, recordFixture } from './buildbed.js';
import { eventually } from './eventually.js';
import { rawApis, testbed, uniqueNamespace } from './testbed.js';

describeWithBuildKitAndCluster('the reference pro-builder, reached through the API server (kubectl port-forward to a kwok pod)', () => {
  const credentials = { username: 'builder', password: 'correct-horse-battery' };
  const payloadSecret = `${randomBytes(32).toString('base64')}\n`; // stored with a newline, as `echo` would
  const namespace = uniqueNamespace('pbs-build');
  const podName = 'pro-builder-0';
  let registry: RunningRegistry;
  let buildkitd: RunningBuildkitd;
  let builder: RunningReferenceBuilder;
  let forward: KubectlPortForward;
  let removeForwardRule: (() => Promise<void>) | undefined;
  const { core } = rawApis();

  const putSecret = async (name: string, key: string, value: string) => {
    const body = { metadata: { name, namespace }, stringData: { [key]: value } };
    await core.replaceNamespacedSecret({ name, namespace, body }).catch(async (e: { code?: number }) => {
      if (e.code !== 404) throw e;
      await core.createNamespacedSecret({ namespace, body });
    });
  };

  beforeAll(async () => {
    registry = await startRegistry({ auth: credentials });
    // buildkitd.toml marks the registry plain HTTP, so it needs the registry's address first.
    buildkitd = await startBuildkitd({ transport: 'unix', httpRegistries: [registry.host] });
    await core.createNamespace({ body: { metadata: { name: namespace } } });
    await putSecret('payload-secret', 'payload-secret', payloadSecret);
    await putSecret('registry-secret', 'config.json', registry.dockerConfigJson());
    const secrets = clusterSecretSource({ kubeconfig: testbed.kubeconfig!, namespace });
    builder = await startReferenceBuilder({
      payloadSecret: secrets.payloadSecret,
      dockerConfigJson: secrets.dockerConfigJson,
      buildkit: { addr: buildkitd.addr },
      maxInflight: 1,
    });
    await core.createNamespacedPod({
      namespace,
      body: {
        metadata: { name: podName, labels: { app: 'pro-builder' } },
        spec: { containers: [{ name: 'pro-builder', image: 'ghcr.io/openfaasltd/pro-builder:test', ports: [{ containerPort: 8080 }] }] },
      },
    });
    removeForwardRule = (
      await forwardPodPortTo({
        kubeconfig: testbed.kubeconfig!,
        namespace,
        port: 8080,
        target: { address: '127.0.0.1', port: builder.port },
      })
    ).remove;
    await eventually(async () => {
      const pod = await core.readNamespacedPod({ name: podName, namespace });
      if (pod.status?.phase !== 'Running') throw new Error(`pod is ${pod.status?.phase}`);
    });
    forward = await kubectlPortForward({
      kubectl: testbed.kubectl!,
      kubeconfig: testbed.kubeconfig!,
      namespace,
      resource: `pod/${podName}`,
      remotePort: 8080,
    });
  });

  afterAll(async () => {
    await forward?.stop();
    await removeForwardRule?.();
    await builder?.stop();
    await buildkitd?.stop();
    await registry?.stop();
    await core.deleteNamespace({ name: namespace }).catch(() => undefined);
  });

  it('a correctly signed build streams NDJSON ending in success, and the registry serves the image', async () => {
    const image = `${registry.host}/team/fn:stream`;
    const body = await makeBuildTar({ image }, scratchContext());
    const res = await postBuild(forward.url, body, { secret: payloadSecret, stream: true });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/x-ndjson');
    const results = await readBuildStream(res);
    const last = results.at(-1)!;
    expect(last, JSON.stringify(results.slice(-5))).toMatchObject({ status: 'success', image });
    expect(results.slice(0, -1).every((r) => r.status === 'in_progress')).toBe(true);
    const log = results.flatMap((r) => r.log);
    expect(log.some((l) => l.includes(`pushing manifest for ${image}@sha256:`))).toBe(true);
    expect((await registry.getManifest('team/fn', 'stream')).status).toBe(200);
  });

  it('without Accept: application/x-ndjson it answers one JSON result with the whole log', async () => {
    const image = `${registry.host}/team/fn:single`;
    const res = await postBuild(forward.url, await makeBuildTar({ image }, scratchContext()), { secret: payloadSecret });
    expect(res.status).toBe(200);
    const result = (await res.json()) as BuildResult;
    expect(result).toMatchObject({ status: 'success', image });
    expect(result.log.length).toBeGreaterThan(0);
    expect((await registry.getManifest('team/fn', 'single')).status).toBe(200);
  });

  it('a body signed with another key is refused with 403, an unsigned one with 401', async () => {
    const body = await makeBuildTar({ image: `${registry.host}/team/fn:bad-signature` }, scratchContext());
    const wrong = await postBuild(forward.url, body, { secret: 'not-the-payload-secret' });
    expect(wrong.status).toBe(403);
    recordFixture('builder-signature-rejected', await wrong.text());
    const unsigned = await postBuild(forward.url, body, { signature: null });
    expect(unsigned.status).toBe(401);
    recordFixture('builder-signature-missing', await unsigned.text());
    expect((await registry.getManifest('team/fn', 'bad-signature')).status).toBe(404);
  });

  it('after payload-secret changes in the cluster, the old payload.txt no longer signs valid requests', async () => {
    const body = await makeBuildTar({ image: `${registry.host}/team/fn:rotated`, skipPush: true }, scratchContext());
    await putSecret('payload-secret', 'payload-secret', randomBytes(32).toString('base64'));
    try {
      const res = await postBuild(forward.url, body, { secret: payloadSecret });
      expect(res.status).toBe(403);
    } finally {
      await putSecret('payload-secret', 'payload-secret', payloadSecret);
    }
  });

  it('a registry-secret with the wrong password ends the stream in failed with the registry 401', async () => {
    await putSecret('registry-secret', 'config.json', registry.dockerConfigJson({ username: credentials.username, password: 'wrong' }));
    try {
      const image = `${registry.host}/team/fn:wrong-password`;
      const res = await postBuild(forward.url, await makeBuildTar({ image }, scratchContext()), { secret: payloadSecret, stream: true });
      expect(res.status).toBe(200);
      const last = (await readBuildStream(res)).at(-1)!;
      expect(last.status).toBe('failed');
      recordFixture('builder-push-wrong-password', JSON.stringify(last));
      expect(last.error).toMatch(/401 Unauthorized/);
    } finally {
      await putSecret('registry-secret', 'config.json', registry.dockerConfigJson());
    }
  });

  it('over TCP it presents the client certificate from buildkit-client-certs (chart 0.4/0.5); one from another CA fails the build', async () => {
    const [certs, other] = await Promise.all([generateCertificateSet(), generateCertificateSet()]);
    const tcp = await startBuildkitd({
      transport: 'tcp',
      tls: { caCert: certs.caCert, serverCert: certs.serverCert, serverKey: certs.serverKey },
      httpRegistries: [registry.host],
    });
    const secrets = clusterSecretSource({ kubeconfig: testbed.kubeconfig!, namespace });
    const tcpBuilder = await startReferenceBuilder({ ...secrets, buildkit: { addr: tcp.addr, tls: secrets.clientTls } });
    const putClientCerts = (ca: string, cert: string, key: string) =>
      core
        .replaceNamespacedSecret({
          name: 'buildkit-client-certs',
          namespace,
          body: {
            metadata: { name: 'buildkit-client-certs', namespace },
            stringData: { 'ca.crt': ca, 'client.crt': cert, 'client.key': key },
          },
        })
        .catch(async (e: { code?: number }) => {
          if (e.code !== 404) throw e;
          await core.createNamespacedSecret({
            namespace,
            body: {
              metadata: { name: 'buildkit-client-certs', namespace },
              stringData: { 'ca.crt': ca, 'client.crt': cert, 'client.key': key },
            },
          });
        });
    try {
      await putClientCerts(certs.caCert, certs.clientCert, certs.clientKey);
      const image = `${registry.host}/team/fn:mtls`;
      const ok = await postBuild(tcpBuilder.url, await makeBuildTar({ image }, scratchContext()), { secret: payloadSecret, stream: true });
      expect((await readBuildStream(ok)).at(-1)).toMatchObject({ status: 'success', image });
      expect((await registry.getManifest('team/fn', 'mtls')).status).toBe(200);

      await putClientCerts(certs.caCert, other.clientCert, other.clientKey);
      const bad = await postBuild(tcpBuilder.url, await makeBuildTar({ image: `${registry.host}/team/fn:other-ca` }, scratchContext()), {
        secret: payloadSecret,
        stream: true,
      });
      const last = (await readBuildStream(bad)).at(-1)!;
      expect(last.status).toBe('failed');
      recordFixture('builder-tls-client-cert-other-ca', JSON.stringify(last));
      expect(last.error).toMatch(/remote error: tls: unknown certificate authority|write: broken pipe|connection reset by peer/);
    } finally {
      await tcpBuilder.stop();
      await tcp.stop();
    }
  });

  it('a build beyond maxInflight is refused with 429 while another one runs', async () => {
    // The first request's body never ends, so it stays in flight until aborted. It goes to the
    // builder directly: kubectl port-forward does not pass a client's abort on to the pod's side.
    const abort = new AbortController();
    const endless = new ReadableStream<Uint8Array>({ start: (c) => c.enqueue(new Uint8Array(512)) });
    const first = fetch(new URL('/build', builder.url), {
      method: 'POST',
      body: endless,
      headers: { 'Content-Type': 'application/octet-stream' },
      signal: abort.signal,
      duplex: 'half',
    } as RequestInit).catch(() => undefined);
    try {
      await eventually(async () => expect(builder.inflight()).toBe(1), { timeoutMs: 30_000 });
      const busy = await postBuild(forward.url, await makeBuildTar({ image: `${registry.host}/team/fn:busy` }, scratchContext()), {
        secret: payloadSecret,
      });
      expect(busy.status).toBe(429);
      recordFixture('builder-busy-429', await busy.text());
    } finally {
      abort.abort();
      await first;
    }
    await eventually(async () => expect(builder.inflight()).toBe(0), { timeoutMs: 30_000 });
  });
});
