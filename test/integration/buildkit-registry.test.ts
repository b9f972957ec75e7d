import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { generateCertificateSet, type CertificateSet } from '../../src/shared/certs/index.js';
import { makeTestCa, makeTestLeaf } from '../../src/shared/certs/testSupport.js';
import { buildbedBinaries, rootlessAvailability } from '../buildbed/binaries.js';
import { buildAndPush, startBuildkitd, type ClientTls, type RunningBuildkitd } from '../buildbed/buildkitd.js';
import { scratchContext, writeFiles } from '../buildbed/buildContext.js';
import { buildctlError } from '../buildbed/referenceBuilder.js';
import { startRegistry, type RunningRegistry } from '../buildbed/registry.js';
import { describeWithBuildKit, describeWithRootlessBuildKit, recordFixture } from './buildbed.js';

function contextDir(text?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'pbs-ctx-'));
  writeFiles(dir, scratchContext(text));
  return dir;
}

function dockerConfigDir(json: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'pbs-docker-'));
  writeFileSync(join(dir, 'config.json'), json, { mode: 0o600 });
  return dir;
}

/**
 * A context whose RUN step makes runc start a process: FROM scratch has no shell, so the process is
 * a static binary of the test bed (buildctl --version) copied in.
 */
function runStepContextDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pbs-ctx-run-'));
  copyFileSync(buildbedBinaries().buildctl, join(dir, 'buildctl'));
  writeFiles(dir, { Dockerfile: 'FROM scratch\nCOPY buildctl /buildctl\nRUN ["/buildctl", "--version"]\n' });
  return dir;
}

const clientOf = (set: CertificateSet): ClientTls => ({ caCert: set.caCert, clientCert: set.clientCert, clientKey: set.clientKey });

describeWithBuildKit('a real BuildKit pushes to a real registry', () => {
  const credentials = { username: 'builder', password: 'correct-horse-battery' };
  let registry: RunningRegistry;
  let openRegistry: RunningRegistry;
  let unixDaemon: RunningBuildkitd;
  let tcpDaemon: RunningBuildkitd;
  let certs: CertificateSet;

  beforeAll(async () => {
    [registry, openRegistry, certs] = await Promise.all([startRegistry({ auth: credentials }), startRegistry(), generateCertificateSet()]);
    const httpRegistries = [registry.host, openRegistry.host];
    [unixDaemon, tcpDaemon] = await Promise.all([
      startBuildkitd({ transport: 'unix', httpRegistries }),
      startBuildkitd({
        transport: 'tcp',
        tls: { caCert: certs.caCert, serverCert: certs.serverCert, serverKey: certs.serverKey },
        httpRegistries,
      }),
    ]);
  });

  afterAll(async () => {
    await Promise.all([unixDaemon?.stop(), tcpDaemon?.stop()]);
    await Promise.all([registry?.stop(), openRegistry?.stop()]);
  });

  it('builds FROM scratch over a unix socket and pushes with config.json credentials; the registry serves the manifest', async () => {
    const image = `${registry.host}/team/unix-build:v1`;
    const r = await buildAndPush(unixDaemon.addr, {
      contextDir: contextDir(),
      image,
      dockerConfigDir: dockerConfigDir(registry.dockerConfigJson()),
    });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toContain(`pushing manifest for ${image}@sha256:`);

    const manifest = await registry.getManifest('team/unix-build', 'v1');
    expect(manifest.status).toBe(200);
    expect(manifest.headers.get('docker-content-digest')).toMatch(/^sha256:[0-9a-f]{64}$/);
    const anonymous = await registry.getManifest('team/unix-build', 'v1', null);
    expect(anonymous.status).toBe(401);
  });

  it('builds over TCP with the mTLS certificates the wizard generates (chart 0.4/0.5)', async () => {
    const image = `${registry.host}/team/tcp-build:v1`;
    const r = await buildAndPush(tcpDaemon.addr, {
      tls: clientOf(certs),
      contextDir: contextDir(),
      image,
      dockerConfigDir: dockerConfigDir(registry.dockerConfigJson()),
    });
    expect(r.exitCode, r.stderr).toBe(0);
    expect((await registry.getManifest('team/tcp-build', 'v1')).status).toBe(200);
  });

  it('runs a RUN step through runc', async () => {
    const r = await buildAndPush(unixDaemon.addr, {
      contextDir: runStepContextDir(),
      image: `${openRegistry.host}/run-step:v1`,
      dockerConfigDir: dockerConfigDir(openRegistry.dockerConfigJson()),
    });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/buildctl github\.com\/moby\/buildkit v\d/);
  });

  it('pushes to an open registry with an empty config.json (the ttl.sh path)', async () => {
    const image = `${openRegistry.host}/probuilder-test:1h`;
    const r = await buildAndPush(unixDaemon.addr, {
      contextDir: contextDir(),
      image,
      dockerConfigDir: dockerConfigDir(openRegistry.dockerConfigJson()),
    });
    expect(r.exitCode, r.stderr).toBe(0);
    expect((await openRegistry.getManifest('probuilder-test', '1h')).status).toBe(200);
  });

  it('a wrong password fails the push with the registry 401', async () => {
    const image = `${registry.host}/team/wrong-password:v1`;
    const wrong = { username: credentials.username, password: 'not-the-password' };
    const r = await buildAndPush(unixDaemon.addr, {
      contextDir: contextDir(),
      image,
      dockerConfigDir: dockerConfigDir(registry.dockerConfigJson(wrong)),
    });
    expect(r.exitCode).not.toBe(0);
    const error = buildctlError(r.stderr);
    recordFixture('push-wrong-password', error);
    expect(error).toMatch(/401 Unauthorized/);
    expect((await registry.getManifest('team/wrong-password', 'v1')).status).toBe(404);
  });

  it('no credentials for the registry fails the push with 401', async () => {
    const image = `${registry.host}/team/no-credentials:v1`;
    const r = await buildAndPush(unixDaemon.addr, {
      contextDir: contextDir(),
      image,
      dockerConfigDir: dockerConfigDir(JSON.stringify({ auths: {} })),
    });
    expect(r.exitCode).not.toBe(0);
    const error = buildctlError(r.stderr);
    recordFixture('push-no-credentials', error);
    expect(error).toMatch(/401 Unauthorized/);
  });

  it('a client certificate from another CA is refused by the daemon', async () => {
    const other = await generateCertificateSet();
    const r = await buildAndPush(tcpDaemon.addr, {
      tls: { caCert: certs.caCert, clientCert: other.clientCert, clientKey: other.clientKey },
      contextDir: contextDir(),
      image: `${registry.host}/team/other-ca:v1`,
      push: false,
      timeoutMs: 120_000,
    });
    expect(r.exitCode).not.toBe(0);
    const error = buildctlError(r.stderr);
    // TLS 1.3: the client finishes its handshake before the daemon checks the client certificate,
    // so the refusal shows either as the daemon's alert or as the closed connection, at random.
    const alert = /remote error: tls: unknown certificate authority/.test(error);
    recordFixture(alert ? 'tls-client-cert-other-ca' : 'tls-client-cert-other-ca-broken-pipe', error);
    expect(error).toMatch(/remote error: tls: unknown certificate authority|write: broken pipe|connection reset by peer/);
  });

  it('a daemon certificate from a CA the client does not trust is refused by the client', async () => {
    const other = await generateCertificateSet();
    const r = await buildAndPush(tcpDaemon.addr, {
      tls: { caCert: other.caCert, clientCert: certs.clientCert, clientKey: certs.clientKey },
      contextDir: contextDir(),
      image: `${registry.host}/team/server-other-ca:v1`,
      push: false,
      timeoutMs: 120_000,
    });
    expect(r.exitCode).not.toBe(0);
    const error = buildctlError(r.stderr);
    recordFixture('tls-server-cert-unknown-authority', error);
    expect(error).toMatch(/x509: certificate signed by unknown authority/);
  });
});

describeWithBuildKit('BuildKit server certificates without the 127.0.0.1 SAN', () => {
  const daemons: RunningBuildkitd[] = [];
  afterAll(async () => {
    await Promise.all(daemons.map((d) => d.stop()));
  });

  it('a server certificate for another IP fails the client handshake', async () => {
    const set = await generateCertificateSet({ serverIp: '127.0.0.2' });
    const daemon = await startBuildkitd({
      transport: 'tcp',
      tls: { caCert: set.caCert, serverCert: set.serverCert, serverKey: set.serverKey },
    });
    daemons.push(daemon);
    const r = await buildAndPush(daemon.addr, {
      tls: clientOf(set),
      contextDir: contextDir(),
      image: 'example.invalid/x:y',
      push: false,
      timeoutMs: 120_000,
    });
    expect(r.exitCode).not.toBe(0);
    const error = buildctlError(r.stderr);
    recordFixture('tls-server-cert-wrong-ip-san', error);
    expect(error).toMatch(/x509: certificate is valid for 127\.0\.0\.2, not 127\.0\.0\.1/);
  });

  it('a server certificate with no IP SAN at all fails the client handshake', async () => {
    const ca = await makeTestCa();
    const [server, client] = await Promise.all([makeTestLeaf(ca, { role: 'server' }), makeTestLeaf(ca, { role: 'client' })]);
    const daemon = await startBuildkitd({
      transport: 'tcp',
      tls: { caCert: ca.certPem, serverCert: server.certPem, serverKey: server.keyPem },
    });
    daemons.push(daemon);
    const r = await buildAndPush(daemon.addr, {
      tls: { caCert: ca.certPem, clientCert: client.certPem, clientKey: client.keyPem },
      contextDir: contextDir(),
      image: 'example.invalid/x:y',
      push: false,
      timeoutMs: 120_000,
    });
    expect(r.exitCode).not.toBe(0);
    const error = buildctlError(r.stderr);
    recordFixture('tls-server-cert-no-ip-san', error);
    expect(error).toMatch(/x509: cannot validate certificate for 127\.0\.0\.1 because it doesn't contain any IP SANs/);
  });
});

describeWithRootlessBuildKit('rootless BuildKit (rootlesskit, an unprivileged user with subuid ranges)', () => {
  const credentials = { username: 'builder', password: 'rootless-password' };
  let registry: RunningRegistry;
  const daemons: RunningBuildkitd[] = [];
  beforeAll(async () => {
    registry = await startRegistry({ auth: credentials });
  });
  afterAll(async () => {
    await Promise.all(daemons.map((d) => d.stop()));
    await registry?.stop();
  });

  it('builds with a RUN step and pushes over a unix socket (chart 0.6 rootless)', async () => {
    const daemon = await startBuildkitd({ transport: 'unix', rootless: true, httpRegistries: [registry.host] });
    daemons.push(daemon);
    expect(daemon.daemon.log()).toMatch(/running server on/);
    const image = `${registry.host}/team/rootless:v1`;
    const r = await buildAndPush(daemon.addr, {
      contextDir: runStepContextDir(),
      image,
      dockerConfigDir: dockerConfigDir(registry.dockerConfigJson()),
    });
    expect(r.exitCode, r.stderr).toBe(0);
    expect((await registry.getManifest('team/rootless', 'v1')).status).toBe(200);
  });

  it('builds over TCP with mTLS (chart 0.4/0.5 rootless)', async () => {
    const certs = await generateCertificateSet();
    const daemon = await startBuildkitd({
      transport: 'tcp',
      rootless: true,
      tls: { caCert: certs.caCert, serverCert: certs.serverCert, serverKey: certs.serverKey },
      httpRegistries: [registry.host],
    });
    daemons.push(daemon);
    const image = `${registry.host}/team/rootless-tcp:v1`;
    const r = await buildAndPush(daemon.addr, {
      tls: clientOf(certs),
      contextDir: contextDir(),
      image,
      dockerConfigDir: dockerConfigDir(registry.dockerConfigJson()),
    });
    expect(r.exitCode, r.stderr).toBe(0);
    expect((await registry.getManifest('team/rootless-tcp', 'v1')).status).toBe(200);
  });
});

describeWithRootlessBuildKit('rootless BuildKit refusals', () => {
  it('a user without subuid ranges cannot start rootlesskit (the real text)', () => {
    const rl = rootlessAvailability();
    if (!rl.available) throw new Error(rl.reason);
    const dir = mkdtempSync('/tmp/pbs-rootless-refusal-');
    try {
      spawnSync('chown', ['nobody', dir]);
      const r = spawnSync(
        'runuser',
        [
          '-u',
          'nobody',
          '--',
          'env',
          `HOME=${dir}`,
          `XDG_RUNTIME_DIR=${dir}`,
          `TMPDIR=${dir}`,
          rl.rootlesskit,
          '--net=host',
          `--state-dir=${join(dir, 'rk')}`,
          'true',
        ],
        { encoding: 'utf8', env: { ...process.env, PATH: `${process.env['PATH'] ?? ''}:/usr/sbin:/sbin` }, timeout: 60_000 },
      );
      expect(r.status).not.toBe(0);
      // rootlesskit's parent prints the refusal and its child "parsing message from fd 3: EOF" at about the same
      // time, in either order on a busy machine: the refusal is the line about subuid ranges, wherever it stands.
      const lines = r.stderr.trim().split('\n');
      const error = lines.find((l) => /subuid/i.test(l)) ?? lines.at(-1) ?? '';
      recordFixture('rootless-no-subuid-range', error);
      expect(error).toMatch(/No subuid ranges found for user/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
