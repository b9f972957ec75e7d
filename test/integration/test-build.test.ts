import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { generateCertificateSet, type CertificateSet } from '../../src/shared/certs/index.js';
import { makeTestCa, makeTestLeaf } from '../../src/shared/certs/testSupport.js';
import { startBuildkitd, type ClientTls, type RunningBuildkitd } from '../buildbed/buildkitd.js';
import { clusterSecretSource } from '../buildbed/clusterSecrets.js';
import { freePort } from '../buildbed/daemon.js';
import { forwardPodPortTo } from '../buildbed/portForward.js';
import { startReferenceBuilder, type ReferenceBuilderOptions, type RunningReferenceBuilder } from '../buildbed/referenceBuilder.js';
import { startRegistry, type RunningRegistry } from '../buildbed/registry.js';
import { describeWithBuildKit, describeWithBuildKitAndCluster } from './buildbed.js';
import { runCli, startCli, type CliRun } from './cliHarness.js';
import { eventually } from './eventually.js';
import { rawApis, testbed, uniqueNamespace } from './testbed.js';

/** The --output json document of `probuilder-setup test-build`. */
interface TestBuildDoc {
  status: 'pushed' | 'failed';
  image: string | null;
  digest: string | null;
  duration: number;
  log: string[];
  cause: string | null;
  message: string | null;
  fix: string | null;
}

function parseDoc(r: CliRun): TestBuildDoc {
  try {
    return JSON.parse(r.stdout) as TestBuildDoc;
  } catch {
    throw new Error(`not one JSON document (exit ${r.exitCode}):\n${r.stdout}\n${r.stderr}`);
  }
}

function secretFile(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'pbs-tb-key-'));
  const path = join(dir, 'payload.txt');
  writeFileSync(path, text, { mode: 0o600 });
  return path;
}

const clientOf = (set: CertificateSet): ClientTls => ({ caCert: set.caCert, clientCert: set.clientCert, clientKey: set.clientKey });

describeWithBuildKit('test-build with --builder-url: a real BuildKit and registry behind the reference builder, no cluster', () => {
  const credentials = { username: 'builder', password: 'correct-horse-battery' };
  const payloadSecret = randomBytes(32).toString('base64');
  const keyFile = secretFile(`${payloadSecret}\n`); // payload.txt as `echo` writes it: trimmed before signing
  let registry: RunningRegistry;
  let unixDaemon: RunningBuildkitd;
  let certs: CertificateSet;
  const daemons: RunningBuildkitd[] = [];
  const builders: RunningReferenceBuilder[] = [];
  const outputs: string[] = [];

  const builderWith = async (o: Partial<ReferenceBuilderOptions> = {}) => {
    const b = await startReferenceBuilder({
      payloadSecret: async () => payloadSecret,
      dockerConfigJson: async () => registry.dockerConfigJson(),
      buildkit: { addr: unixDaemon.addr },
      ...o,
    });
    builders.push(b);
    return b;
  };

  const testBuild = async (url: string, image: string, extra: string[] = []) => {
    const r = await runCli(
      ['test-build', '--builder-url', url, '--payload-secret-file', keyFile, '--image', image, '--output', 'json', ...extra],
      { timeoutMs: 180_000 },
    );
    outputs.push(r.stdout, r.stderr);
    return { run: r, doc: parseDoc(r) };
  };

  beforeAll(async () => {
    [registry, certs] = await Promise.all([startRegistry({ auth: credentials }), generateCertificateSet()]);
    unixDaemon = await startBuildkitd({ transport: 'unix', httpRegistries: [registry.host] });
    daemons.push(unixDaemon);
  });

  afterAll(async () => {
    await Promise.all(builders.map((b) => b.stop()));
    await Promise.all(daemons.map((d) => d.stop()));
    await registry?.stop();
  });

  it('pushes the FROM scratch test function and reports the digest the registry serves', async () => {
    const builder = await builderWith();
    const image = `${registry.host}/builder/probuilder-test:ok`;
    const { run, doc } = await testBuild(builder.url, image);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(doc).toMatchObject({ status: 'pushed', image, cause: null, fix: null });
    expect(doc.log.some((l) => l.includes(`pushing manifest for ${image}@sha256:`))).toBe(true);
    const manifest = await registry.getManifest('builder/probuilder-test', 'ok');
    expect(manifest.status).toBe(200);
    expect(doc.digest).toBe(manifest.headers.get('docker-content-digest'));
  });

  it('two default test builds push two different images (new content and mtime each time, not a stale context)', async () => {
    const builder = await builderWith();
    const first = await testBuild(builder.url, `${registry.host}/builder/probuilder-test:again`);
    const second = await testBuild(builder.url, `${registry.host}/builder/probuilder-test:again`);
    expect(first.doc.status).toBe('pushed');
    expect(second.doc.status).toBe('pushed');
    expect(second.doc.digest).not.toBe(first.doc.digest);
  });

  it('streams the log line by line in plain output, then names the image pushed', async () => {
    const builder = await builderWith();
    const image = `${registry.host}/builder/probuilder-test:plain`;
    const r = await runCli(['test-build', '--builder-url', builder.url, '--payload-secret-file', keyFile, '--image', image], {
      timeoutMs: 180_000,
    });
    outputs.push(r.stdout, r.stderr);
    expect(r.exitCode, r.stderr).toBe(0);
    const pushing = r.stdout.indexOf('pushing manifest for');
    const done = r.stdout.indexOf(`Pushed ${image}@sha256:`);
    expect(pushing).toBeGreaterThan(0);
    expect(done).toBeGreaterThan(pushing);
  });

  it('builds the folder given with --context-dir', async () => {
    const builder = await builderWith();
    const dir = mkdtempSync(join(tmpdir(), 'pbs-tb-ctx-'));
    writeFileSync(join(dir, 'Dockerfile'), 'FROM scratch\nCOPY nested/ /nested/\n');
    const nested = join(dir, 'nested');
    mkdirSync(nested);
    writeFileSync(join(nested, 'file.txt'), 'nested file');
    const image = `${registry.host}/builder/own-context:1`;
    const { run, doc } = await testBuild(builder.url, image, ['--context-dir', dir]);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(doc.status).toBe('pushed');
    expect((await registry.getManifest('builder/own-context', '1')).status).toBe(200);
  });

  it('a file changed within the same second, same size: the second build pushes the new content (mtime to the millisecond)', async () => {
    // BuildKit keeps a context file whose size and mtime it saw in the last transfer; whole-second
    // mtimes made two quick builds push the first build's file again.
    const builder = await builderWith();
    const dir = mkdtempSync(join(tmpdir(), 'pbs-tb-ctx-'));
    writeFileSync(join(dir, 'Dockerfile'), 'FROM scratch\nCOPY stamp.txt /stamp.txt\n');
    const stamp = join(dir, 'stamp.txt');
    const build = async (content: string, mtimeMs: number, tag: string) => {
      writeFileSync(stamp, content);
      utimesSync(stamp, mtimeMs / 1000, mtimeMs / 1000);
      utimesSync(join(dir, 'Dockerfile'), 1_780_000_000, 1_780_000_000);
      utimesSync(dir, 1_780_000_000, 1_780_000_000);
      return testBuild(builder.url, `${registry.host}/builder/same-second:${tag}`, ['--context-dir', dir]);
    };
    const first = await build('first', 1_780_000_000_100, 'a');
    const second = await build('other', 1_780_000_000_900, 'b');
    expect(first.doc.status, first.run.stderr).toBe('pushed');
    expect(second.doc.status, second.run.stderr).toBe('pushed');
    expect(second.doc.digest).not.toBe(first.doc.digest);
  });

  it('a wrong registry password: cause registry-auth, naming the registry host', async () => {
    const builder = await builderWith({
      dockerConfigJson: async () => registry.dockerConfigJson({ username: credentials.username, password: 'wrong' }),
    });
    const { run, doc } = await testBuild(builder.url, `${registry.host}/builder/probuilder-test:wrong-password`);
    expect(run.exitCode).toBe(1);
    expect(doc.cause).toBe('registry-auth');
    expect(doc.message).toContain(`${registry.host} refused the push (401 Unauthorized)`);
    expect(doc.fix).toContain(`--registry-server ${registry.host}`);
  });

  it('no credentials for the registry: cause registry-auth', async () => {
    const builder = await builderWith({ dockerConfigJson: async () => '{"auths":{}}' });
    const { run, doc } = await testBuild(builder.url, `${registry.host}/builder/probuilder-test:no-credentials`);
    expect(run.exitCode).toBe(1);
    expect(doc.cause).toBe('registry-auth');
  });

  it('a payload-secret that differs from the signing key: cause signature-rejected, and nothing is pushed', async () => {
    const builder = await builderWith({ payloadSecret: async () => randomBytes(32).toString('base64') });
    const { run, doc } = await testBuild(builder.url, `${registry.host}/builder/probuilder-test:bad-key`);
    expect(run.exitCode).toBe(1);
    expect(doc.cause).toBe('signature-rejected');
    expect(doc.message).toContain(keyFile);
    expect(doc.message).toContain('payload.txt and payload-secret differ');
    expect((await registry.getManifest('builder/probuilder-test', 'bad-key')).status).toBe(404);
  });

  it('a client certificate from another CA: cause buildkit-tls', async () => {
    const other = await generateCertificateSet();
    const daemon = await startBuildkitd({
      transport: 'tcp',
      tls: { caCert: certs.caCert, serverCert: certs.serverCert, serverKey: certs.serverKey },
      httpRegistries: [registry.host],
    });
    daemons.push(daemon);
    const builder = await builderWith({
      buildkit: {
        addr: daemon.addr,
        tls: async () => ({ caCert: certs.caCert, clientCert: other.clientCert, clientKey: other.clientKey }),
      },
    });
    const { run, doc } = await testBuild(builder.url, `${registry.host}/builder/probuilder-test:other-ca`);
    expect(run.exitCode).toBe(1);
    expect(doc.cause).toBe('buildkit-tls');
    expect(doc.fix).toContain('rotate certs');
  });

  it('a server certificate without the IP SAN: cause buildkit-tls, saying the certificate does not name the address', async () => {
    const ca = await makeTestCa();
    const [server, client] = await Promise.all([makeTestLeaf(ca, { role: 'server' }), makeTestLeaf(ca, { role: 'client' })]);
    const daemon = await startBuildkitd({
      transport: 'tcp',
      tls: { caCert: ca.certPem, serverCert: server.certPem, serverKey: server.keyPem },
      httpRegistries: [registry.host],
    });
    daemons.push(daemon);
    const builder = await builderWith({
      buildkit: { addr: daemon.addr, tls: async () => ({ caCert: ca.certPem, clientCert: client.certPem, clientKey: client.keyPem }) },
    });
    const { run, doc } = await testBuild(builder.url, `${registry.host}/builder/probuilder-test:no-ip-san`);
    expect(run.exitCode).toBe(1);
    expect(doc.cause).toBe('buildkit-tls');
    expect(doc.message).toContain('does not name the address');
  });

  it('the mTLS pair the wizard generates builds over TCP', async () => {
    const daemon = await startBuildkitd({
      transport: 'tcp',
      tls: { caCert: certs.caCert, serverCert: certs.serverCert, serverKey: certs.serverKey },
      httpRegistries: [registry.host],
    });
    daemons.push(daemon);
    const builder = await builderWith({ buildkit: { addr: daemon.addr, tls: async () => clientOf(certs) } });
    const { run, doc } = await testBuild(builder.url, `${registry.host}/builder/probuilder-test:mtls`);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(doc.status).toBe('pushed');
  });

  it('a busy builder (maxInflight reached): cause builder-busy', async () => {
    const builder = await builderWith({ maxInflight: 1 });
    // Another client's build whose body never ends keeps the one slot taken.
    const abort = new AbortController();
    const endless = new ReadableStream<Uint8Array>({ start: (c) => c.enqueue(new Uint8Array(512)) });
    const first = fetch(new URL('/build', builder.url), {
      method: 'POST',
      body: endless,
      signal: abort.signal,
      duplex: 'half',
    } as RequestInit).catch(() => undefined);
    try {
      await eventually(async () => expect(builder.inflight()).toBe(1), { timeoutMs: 30_000 });
      const { run, doc } = await testBuild(builder.url, `${registry.host}/builder/probuilder-test:busy`);
      expect(run.exitCode).toBe(1);
      expect(doc.cause).toBe('builder-busy');
      expect(doc.fix).toContain('maxInflight');
    } finally {
      abort.abort();
      await first;
    }
  });

  it('nothing listening at --builder-url: cause builder-unreachable', async () => {
    const port = await freePort();
    const { run, doc } = await testBuild(`http://127.0.0.1:${port}`, `${registry.host}/builder/probuilder-test:nowhere`);
    expect(run.exitCode).toBe(1);
    expect(doc.cause).toBe('builder-unreachable');
    expect(doc.message).toContain(`http://127.0.0.1:${port}`);
  });

  it('Ctrl+C (SIGINT) cancels the build: exit 130', async () => {
    const builder = await builderWith({ maxInflight: 0 });
    const child = startCli(
      [
        'test-build',
        '--builder-url',
        builder.url,
        '--payload-secret-file',
        keyFile,
        '--image',
        `${registry.host}/builder/probuilder-test:cancel`,
      ],
      { timeoutMs: 120_000 },
    );
    let out = '';
    child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
    await eventually(async () => expect(out).toContain('Building through'), { timeoutMs: 60_000 });
    child.kill('SIGINT');
    const r = await child;
    expect(r.exitCode).toBe(130);
  });

  it('the signing key never appears in any output', () => {
    expect(outputs.length).toBeGreaterThan(0);
    for (const text of outputs) expect(text).not.toContain(payloadSecret);
  });
});

describeWithBuildKitAndCluster(
  'test-build through the API server: port-forward to the pro-builder pod, key and registry from the cluster',
  () => {
    const credentials = { username: 'builder', password: 'cluster-password' };
    const namespace = uniqueNamespace('pbs-tb');
    let core: ReturnType<typeof rawApis>['core'];
    let apps: ReturnType<typeof rawApis>['apps'];
    let registry: RunningRegistry;
    let buildkitd: RunningBuildkitd;
    let builder: RunningReferenceBuilder;
    let removeForwardRule: (() => Promise<void>) | undefined;
    const payloadSecret = randomBytes(32).toString('base64');

    beforeAll(async () => {
      ({ core, apps } = rawApis());
      registry = await startRegistry({ auth: credentials });
      buildkitd = await startBuildkitd({ transport: 'unix', httpRegistries: [registry.host] });
      await core.createNamespace({ body: { metadata: { name: namespace } } });
      await core.createNamespacedSecret({
        namespace,
        body: { metadata: { name: 'payload-secret' }, stringData: { 'payload-secret': payloadSecret } },
      });
      await core.createNamespacedSecret({
        namespace,
        body: { metadata: { name: 'registry-secret' }, stringData: { 'config.json': registry.dockerConfigJson() } },
      });
      const secrets = clusterSecretSource({ kubeconfig: testbed.kubeconfig!, namespace });
      builder = await startReferenceBuilder({
        payloadSecret: secrets.payloadSecret,
        dockerConfigJson: secrets.dockerConfigJson,
        buildkit: { addr: buildkitd.addr },
      });
      // The chart's Deployment as far as test-build reads it: labels, selector, the pro-builder container on 8080.
      const labels = { app: 'pro-builder', component: 'pro-builder' };
      await apps.createNamespacedDeployment({
        namespace,
        body: {
          metadata: { name: 'pro-builder', labels: { ...labels, release: 'pro-builder' } },
          spec: {
            replicas: 1,
            selector: { matchLabels: labels },
            template: {
              metadata: { labels },
              spec: {
                containers: [
                  {
                    name: 'pro-builder',
                    image: 'ghcr.io/openfaasltd/pro-builder:test',
                    ports: [{ containerPort: 8080 }],
                    env: [{ name: 'max_inflight', value: '0' }],
                  },
                ],
              },
            },
          },
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
        const pods = await core.listNamespacedPod({ namespace, labelSelector: 'app=pro-builder' });
        const ready = pods.items.some((p) => p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'));
        if (!ready) throw new Error('no ready pro-builder pod yet');
      });
    });

    afterAll(async () => {
      await removeForwardRule?.();
      await builder?.stop();
      await buildkitd?.stop();
      await registry?.stop();
      await core?.deleteNamespace({ name: namespace }).catch(() => undefined);
    });

    it('names the image from registry-secret, signs with payload-secret, and the registry serves what it pushed', async () => {
      const r = await runCli(['test-build', '--kubeconfig', testbed.kubeconfig!, '-n', namespace, '--output', 'json'], {
        timeoutMs: 180_000,
      });
      const doc = parseDoc(r);
      expect(r.exitCode, `${r.stderr}\n${doc.message}`).toBe(0);
      expect(doc.image).toMatch(new RegExp(`^${registry.host.replace(/[.]/g, '\\.')}/builder/probuilder-test:\\d{14}$`));
      const tag = doc.image!.split(':').at(-1)!;
      const manifest = await registry.getManifest('builder/probuilder-test', tag);
      expect(manifest.status).toBe(200);
      expect(doc.digest).toBe(manifest.headers.get('docker-content-digest'));
      expect(r.stdout + r.stderr).not.toContain(payloadSecret);
      expect(builder.statusCounts.get(200)).toBeGreaterThan(0);
    });

    it('doctor --build runs the test build last, as the check build.end-to-end', async () => {
      const r = await runCli(['doctor', '--build', '--kubeconfig', testbed.kubeconfig!, '-n', namespace, '--output', 'json'], {
        timeoutMs: 180_000,
      });
      const report = JSON.parse(r.stdout) as { checks: { id: string; status: string; summary: string }[] };
      const build = report.checks.find((c) => c.id === 'build.end-to-end');
      expect(build, r.stdout).toBeDefined();
      expect(build!.status, build!.summary).toBe('pass');
      expect(build!.summary).toMatch(
        new RegExp(`Built and pushed ${registry.host.replace(/[.]/g, '\\.')}/builder/probuilder-test:\\d{14}@sha256:`),
      );
      expect(report.checks.at(-1)!.id).toBe('build.end-to-end');
      expect(r.stdout + r.stderr).not.toContain(payloadSecret);
    });

    it('with no ready pod: cause builder-unreachable, with what the pods are doing', async () => {
      const scale = await apps.readNamespacedDeploymentScale({ name: 'pro-builder', namespace });
      await apps.replaceNamespacedDeploymentScale({ name: 'pro-builder', namespace, body: { ...scale, spec: { replicas: 0 } } });
      await eventually(async () => {
        const pods = await core.listNamespacedPod({ namespace, labelSelector: 'app=pro-builder' });
        if (pods.items.length) throw new Error('pods still there');
      });
      const r = await runCli(['test-build', '--kubeconfig', testbed.kubeconfig!, '-n', namespace, '--output', 'json'], {
        timeoutMs: 120_000,
      });
      const doc = parseDoc(r);
      expect(r.exitCode).toBe(1);
      expect(doc.cause).toBe('builder-unreachable');
      expect(doc.message).toContain('the Deployment has no pods');
      expect(doc.fix).toContain(`probuilder-setup doctor -n ${namespace}`);
    });

    it('doctor --build --wait waits for a ready pod, then builds once', async () => {
      // The test above left the Deployment without pods: the doctor must wait, not build.
      const scale = await apps.readNamespacedDeploymentScale({ name: 'pro-builder', namespace });
      await apps.replaceNamespacedDeploymentScale({ name: 'pro-builder', namespace, body: { ...scale, spec: { replicas: 0 } } });
      const builtBefore = builder.statusCounts.get(200) ?? 0;
      const child = startCli(
        ['doctor', '--build', '--wait', '3m', '--kubeconfig', testbed.kubeconfig!, '-n', namespace, '--output', 'json', '--debug'],
        { timeoutMs: 240_000 },
      );
      let err = '';
      child.stderr?.on('data', (c: Buffer) => (err += c.toString()));
      // One attempt has found no ready pod before any pod exists.
      await eventually(async () => expect(err).toMatch(/attempt 1: /), { timeoutMs: 120_000 });
      expect(builder.statusCounts.get(200) ?? 0).toBe(builtBefore);
      await apps.replaceNamespacedDeploymentScale({ name: 'pro-builder', namespace, body: { ...scale, spec: { replicas: 1 } } });
      const r = await child;
      const report = JSON.parse(String(r.stdout)) as { checks: { id: string; status: string; summary: string }[] };
      const build = report.checks.find((c) => c.id === 'build.end-to-end');
      expect(build?.status, `${build?.summary}\n${err}`).toBe('pass');
      expect(report.checks.at(-1)!.id).toBe('build.end-to-end');
      const ended = /--wait ended: healthy after (\d+) attempts/.exec(err);
      expect(ended, err).not.toBeNull();
      expect(Number(ended![1])).toBeGreaterThanOrEqual(3);
      // Built once: not on the attempts that waited.
      expect((builder.statusCounts.get(200) ?? 0) - builtBefore).toBe(1);
      expect(String(r.stdout) + err).not.toContain(payloadSecret);
    });
  },
);
