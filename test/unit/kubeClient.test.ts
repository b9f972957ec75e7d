import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { createServer as createTlsServer } from 'node:tls';
import { createServer as createHttpsServer } from 'node:https';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCertificateSet, type CertificateSet } from '../../src/shared/certs/index.js';
import { KubeClient } from '../../src/platform/kube/client.js';
import { KubeError } from '../../src/platform/kube/errors.js';
import { waitUntil } from '../../src/platform/testing/waitUntil.js';

// Here rather than beside src/platform/kube/client.ts: it makes its TLS material with the shared
// certificate generator, a layer above src/platform (which lint keeps its tests out of).

/**
 * A stand-in API server in a worker thread (so its own sockets never show among this thread's
 * handles): HTTPS with HTTP/2 like kube-apiserver, client certificates or a bearer token, and a
 * count of the TLS connections it accepted and still holds.
 */
const SERVER = `
const { workerData } = require('node:worker_threads');
const http2 = require('node:http2');
const { key, cert, ca, token, counters } = workerData;
const stats = new Int32Array(counters); // [accepted, open, gzipped answers, requests met with GOAWAY, goaway-once, refused-token requests, refused-token POSTs]
const server = http2.createSecureServer({ key, cert, ca, requestCert: true, rejectUnauthorized: false, allowHTTP1: true });
server.on('secureConnection', (s) => { Atomics.add(stats, 0, 1); Atomics.add(stats, 1, 1); s.on('close', () => Atomics.sub(stats, 1, 1)); });
const json = (res, code, body) => { res.writeHead(code, { 'content-type': 'application/json' }); res.end(JSON.stringify(body)); };
// Like kube-apiserver refusing a token: it answers one request 401, then hangs up (GOAWAY, code 0)
// past that stream, so the requests that went out with it learn only that: undici replays a read
// once on a new connection, where the same happens, and then fails it with
// 'HTTP/2: "GOAWAY" frame received with code 0'. The first connection answers once the batch is in.
const REFUSED = 'Bearer refused-then-goaway';
let refusedConnections = 0;
const refusing = new WeakMap();
const refuseThenGoAway = (req, res) => {
  Atomics.add(stats, 5, 1);
  if (req.method === 'POST') Atomics.add(stats, 6, 1);
  const session = req.stream.session;
  let state = refusing.get(session);
  if (!state) refusing.set(session, (state = { batch: refusedConnections++ === 0 ? 6 : 1, held: [] }));
  state.held.push({ req, res });
  if (state.held.length !== state.batch) return;
  const first = state.held.reduce((a, b) => (b.req.stream.id < a.req.stream.id ? b : a));
  json(first.res, 401, { kind: 'Status', code: 401, reason: 'Unauthorized', message: 'Unauthorized' });
  session.goaway(http2.constants.NGHTTP2_NO_ERROR, first.req.stream.id);
};
server.on('request', (req, res) => {
  const viaCert = req.socket.authorized === true;
  if (!viaCert && req.headers.authorization === REFUSED) return refuseThenGoAway(req, res);
  if (!viaCert && req.headers.authorization !== 'Bearer ' + token) return json(res, 401, { kind: 'Status', code: 401, reason: 'Unauthorized', message: 'Unauthorized' });
  // Like kube-apiserver hanging up (GOAWAY, as after refusing a client's credentials) with this
  // request seen but not answered: undici does not resend it by itself.
  const goAway = () => {
    Atomics.add(stats, 3, 1);
    req.stream.session.goaway(http2.constants.NGHTTP2_NO_ERROR, req.stream.id);
    req.stream.close(http2.constants.NGHTTP2_CANCEL);
  };
  if (req.url === '/api/v1/namespaces/goaway-once' && Atomics.add(stats, 4, 1) === 0) return goAway();
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    const url = new URL(req.url, 'https://x');
    const p = url.pathname;
    if (p === '/version') return json(res, 200, { major: '1', minor: '31', gitVersion: 'v1.31.0', platform: 'linux/amd64' });
    if (p === '/api/v1/nodes') {
      // Like kube-apiserver: a large answer is gzipped when the client accepts it.
      const items = Array.from({ length: 300 }, (_, i) => ({ metadata: { name: 'node-' + i, labels: { zone: 'z' + (i % 3) } } }));
      const text = JSON.stringify({ apiVersion: 'v1', kind: 'NodeList', metadata: {}, items });
      if (!/gzip/.test(req.headers['accept-encoding'] || '')) return json(res, 200, JSON.parse(text));
      Atomics.add(stats, 2, 1);
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      return res.end(require('node:zlib').gzipSync(text));
    }
    if (p === '/api/v1/namespaces/hang') return; // never answers
    if (/^\\/api\\/v1\\/namespaces\\/[^/]+$/.test(p)) return json(res, 200, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: p.split('/').pop() } });
    if (/\\/secrets$/.test(p)) return json(res, 200, { apiVersion: 'v1', kind: 'SecretList', metadata: {}, items: [{ metadata: { name: 'sh.helm.release.v1.x.v1', labels: { owner: 'helm' } }, type: 'helm.sh/release.v1' }] });
    if (/\\/log$/.test(p)) { res.writeHead(200, { 'content-type': 'text/plain' }); return res.end('line 1\\nline 2\\n'); }
    if (/\\/token$/.test(p)) return json(res, 201, { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', status: { token: 'minted.jwt.token', expirationTimestamp: '2030-01-01T00:00:00Z' } });
    if (p.endsWith('/selfsubjectaccessreviews') && body.includes('goaway')) return goAway();
    if (p.endsWith('/selfsubjectaccessreviews')) return json(res, 201, { ...JSON.parse(body), status: { allowed: true } });
    if (p.startsWith('/apis/apps/v1/')) return json(res, 404, { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404, message: 'deployments.apps "x" not found' });
    json(res, 404, { kind: 'Status', code: 404, reason: 'NotFound', message: 'not found' });
  });
});
server.listen(0, '127.0.0.1', () => require('node:worker_threads').parentPort.postMessage(server.address().port));
`;

interface FakeApiServer {
  url: string;
  /** TLS connections accepted so far. */
  accepted(): number;
  /** TLS connections still open. */
  open(): number;
  /** Answers sent gzipped. */
  gzipped(): number;
  /** Requests met with GOAWAY and no answer. */
  goAways(): number;
  /** Requests with the token it refuses then hangs up on, and how many of them were POSTs. */
  refused(): { requests: number; posts: number };
  stop(): Promise<void>;
}

async function startServer(certs: CertificateSet, extraCa: string[], token: string): Promise<FakeApiServer> {
  const counters = new SharedArrayBuffer(28);
  const stats = new Int32Array(counters);
  const worker = new Worker(SERVER, {
    eval: true,
    workerData: { key: certs.serverKey, cert: certs.serverCert, ca: [certs.caCert, ...extraCa], token, counters },
  });
  const port = await new Promise<number>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  worker.unref();
  return {
    url: `https://127.0.0.1:${port}`,
    accepted: () => Atomics.load(stats, 0),
    open: () => Atomics.load(stats, 1),
    gzipped: () => Atomics.load(stats, 2),
    goAways: () => Atomics.load(stats, 3),
    refused: () => ({ requests: Atomics.load(stats, 5), posts: Atomics.load(stats, 6) }),
    stop: async () => void (await worker.terminate()),
  };
}

const dir = mkdtempSync(join(tmpdir(), 'pbs-kube-client-'));
const b64 = (text: string) => Buffer.from(text).toString('base64');

function writeKubeconfig(name: string, server: string, user: Record<string, unknown>, certs: CertificateSet): string {
  const path = join(dir, name);
  const doc = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'fake', cluster: { server, 'certificate-authority-data': b64(certs.caCert) } }],
    users: [{ name: 'me', user }],
    contexts: [{ name: 'fake', context: { cluster: 'fake', user: 'me' } }],
    'current-context': 'fake',
  };
  writeFileSync(path, JSON.stringify(doc), { mode: 0o600 });
  return path;
}

/** What the doctor does: several APIs, one after another and many at once. */
async function mixedRequests(kube: KubeClient): Promise<void> {
  await kube.serverVersion();
  await kube.getNamespace('openfaas');
  await Promise.all([
    kube.canI(Array.from({ length: 8 }, (_, i) => ({ verb: 'get', resource: `r${i}`, namespace: 'openfaas' }))),
    kube.listSecrets('openfaas', { labelSelector: 'owner=helm' }),
    kube.getDeployment('openfaas', 'pro-builder'),
    kube.readPodLog('openfaas', 'pod', 'c'),
    kube.createToken({ namespace: 'openfaas', serviceAccount: 'sa', audiences: ['sts.amazonaws.com'] }),
  ]);
  await kube.serverVersion();
}

/** The codes and names along an error's cause chain. */
function causeCodes(e: unknown): string[] {
  const seen: string[] = [];
  for (
    let cur = e as { cause?: unknown; code?: unknown; name?: unknown } | undefined;
    cur && typeof cur === 'object';
    cur = cur.cause as typeof cur
  ) {
    if (typeof cur.code === 'string') seen.push(cur.code);
    if (typeof cur.name === 'string') seen.push(cur.name);
  }
  return seen;
}

/** Handles that keep this thread's event loop alive and could be a socket. */
function refedSockets(): number {
  return process.getActiveResourcesInfo().filter((r) => /TCP|TLS|Pipe|Http2/i.test(r)).length;
}

describe('KubeClient connection reuse', () => {
  let certs: CertificateSet;
  let other: CertificateSet;
  let server: FakeApiServer;
  const TOKEN = 'a-bearer-token-for-the-fake-server';

  beforeAll(async () => {
    [certs, other] = await Promise.all([generateCertificateSet(), generateCertificateSet()]);
    server = await startServer(certs, [other.caCert], TOKEN);
  }, 60_000);
  afterAll(() => server.stop());

  it('sends every request of every API over one TLS connection', async () => {
    const kc = writeKubeconfig(
      'certs',
      server.url,
      { 'client-certificate-data': b64(certs.clientCert), 'client-key-data': b64(certs.clientKey) },
      certs,
    );
    const kube = KubeClient.fromKubeconfig({ kubeconfig: kc });
    const before = server.accepted();
    await mixedRequests(kube);
    await mixedRequests(kube);
    expect(server.accepted() - before).toBe(1);
    await kube.close();
  });

  it('keeps the connection open without keeping the process alive, and closes it on close()', async () => {
    // The earlier tests closed their clients, but the server sees those connections end a moment
    // later (much later on a busy machine): count from a quiet start, not from a moving one.
    await waitUntil(() => server.open() === 0, "the earlier tests' connections are closed");
    const baseline = refedSockets();
    const kc = writeKubeconfig('idle', server.url, { token: TOKEN }, certs);
    const kube = KubeClient.fromKubeconfig({ kubeconfig: kc });
    const acceptedBefore = server.accepted();
    await mixedRequests(kube);
    expect(server.open()).toBe(1);
    expect(refedSockets()).toBe(baseline);
    // Still open for the next request: it goes over the same connection.
    await kube.serverVersion();
    expect(server.accepted() - acceptedBefore).toBe(1);
    await kube.close();
    await waitUntil(() => server.open() === 0, 'the server sees the connection closed');
  });

  it('works with bearer-token and exec-plugin users, one connection each', async () => {
    const credential = JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status: { token: TOKEN } });
    const users = {
      token: { token: TOKEN },
      exec: {
        exec: {
          apiVersion: 'client.authentication.k8s.io/v1',
          command: process.execPath,
          args: ['-e', `process.stdout.write(${JSON.stringify(credential)})`],
          interactiveMode: 'Never',
        },
      },
    };
    for (const [name, user] of Object.entries(users)) {
      const kube = KubeClient.fromKubeconfig({ kubeconfig: writeKubeconfig(name, server.url, user, certs) });
      const before = server.accepted();
      await mixedRequests(kube);
      expect(server.accepted() - before, name).toBe(1);
      await kube.close();
    }
    // And a wrong token is still refused: the shared connection carries each request's own credentials.
    const wrong = KubeClient.fromKubeconfig({ kubeconfig: writeKubeconfig('wrong', server.url, { token: 'wrong' }, certs) });
    await expect(wrong.serverVersion()).rejects.toMatchObject({ reason: 'unauthorized' });
    await wrong.close();
  });

  it('opens a new connection when the client certificate changes on disk', async () => {
    const certFile = join(dir, 'client.crt');
    const keyFile = join(dir, 'client.key');
    writeFileSync(certFile, certs.clientCert);
    writeFileSync(keyFile, certs.clientKey, { mode: 0o600 });
    const kube = KubeClient.fromKubeconfig({
      kubeconfig: writeKubeconfig('files', server.url, { 'client-certificate': certFile, 'client-key': keyFile }, certs),
    });
    const before = server.accepted();
    await kube.serverVersion();
    await kube.serverVersion();
    expect(server.accepted() - before).toBe(1);
    // A rotated certificate (another CA the server also trusts): the old connection must not carry it.
    writeFileSync(certFile, other.clientCert);
    writeFileSync(keyFile, other.clientKey, { mode: 0o600 });
    await kube.serverVersion();
    await kube.serverVersion();
    expect(server.accepted() - before).toBe(2);
    await kube.close();
  });

  it('still gives every request its deadline, and the connection survives a request that timed out', async () => {
    const kube = KubeClient.fromKubeconfig({
      kubeconfig: writeKubeconfig('deadline', server.url, { token: TOKEN }, certs),
      timeoutMs: 300,
    });
    const before = server.accepted();
    // The server never answers this request: only the deadline can end it (a missing deadline
    // fails the test by its own timeout, whatever the machine's load).
    const hung = await kube.getNamespace('hang').catch((e: unknown) => e);
    expect(hung).toBeInstanceOf(KubeError);
    expect((hung as KubeError).reason).toBe('timeout');
    expect((await kube.serverVersion()).gitVersion).toBe('v1.31.0');
    expect(server.accepted() - before).toBe(1);
    await kube.close();
  });
});

describe('KubeClient requests without fetch', () => {
  let certs: CertificateSet;
  let server: FakeApiServer;
  const TOKEN = 'another-bearer-token';

  beforeAll(async () => {
    certs = await generateCertificateSet();
    server = await startServer(certs, [], TOKEN);
  }, 60_000);
  afterAll(() => server.stop());

  it('asks a read once more, on a new connection, when the server hangs up (HTTP/2 GOAWAY) before answering it', async () => {
    const kube = KubeClient.fromKubeconfig({ kubeconfig: writeKubeconfig('goaway-read', server.url, { token: TOKEN }, certs) });
    const before = server.accepted();
    const seen = server.goAways();
    expect((await kube.getNamespace('goaway-once'))?.metadata?.name).toBe('goaway-once');
    expect(server.goAways() - seen).toBe(1);
    expect(server.accepted() - before).toBe(2);
    await kube.close();
  });

  it('does not send a POST again after a GOAWAY: it fails with the reason', async () => {
    const kube = KubeClient.fromKubeconfig({ kubeconfig: writeKubeconfig('goaway-post', server.url, { token: TOKEN }, certs) });
    const seen = server.goAways();
    const refused = await kube.canI([{ verb: 'get', resource: 'goaway', namespace: 'openfaas' }]).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(KubeError);
    expect(server.goAways() - seen).toBe(1);
    await kube.close();
  });

  it('asks each dropped read again on a connection of its own, so reads sent together with a refused token all get the 401 (not the GOAWAY)', async () => {
    const kube = KubeClient.fromKubeconfig({
      kubeconfig: writeKubeconfig('goaway-401', server.url, { token: 'refused-then-goaway' }, certs),
    });
    const before = server.accepted();
    // What the preflight does: the reads go out together, then the access review.
    const reads = [
      kube.serverVersion(),
      kube.getNamespace('a'),
      kube.getNamespace('b'),
      kube.getSecret('openfaas', 'c'),
      kube.getSecret('openfaas', 'd'),
    ].map((p) => p.catch((e: unknown) => e));
    await waitUntil(() => server.refused().requests >= 5, 'the server holds the five reads');
    const review = kube.canI([{ verb: 'get', resource: 'secrets', namespace: 'openfaas' }]).catch((e: unknown) => e);
    for (const e of await Promise.all(reads)) {
      expect(e).toBeInstanceOf(KubeError);
      expect((e as KubeError).status).toBe(401);
      expect((e as KubeError).message).toMatch(/did not accept your credentials \(401\)/);
    }
    // The POST went out once and failed with the hang-up: it is never sent again.
    const refused = await review;
    expect(refused).toBeInstanceOf(KubeError);
    expect(server.refused().posts).toBe(1);
    // The shared connection, the one undici's own replay opened, and one per read asked again.
    expect(server.accepted() - before).toBe(5);
    await kube.close();
  });

  it('accepts gzip like fetch did, and undoes it', async () => {
    const kube = KubeClient.fromKubeconfig({ kubeconfig: writeKubeconfig('gzip', server.url, { token: TOKEN }, certs) });
    const before = server.gzipped();
    const nodes = await kube.listNodes();
    expect(server.gzipped() - before).toBe(1);
    expect(nodes).toHaveLength(300);
    expect(nodes[299]?.metadata?.name).toBe('node-299');
    await kube.close();
  });

  it('keeps the deadline while the connection itself hangs (a server that accepts TCP and never answers)', async () => {
    const held: Socket[] = [];
    // Reads and drops what arrives (the ClientHello), so it sees the client hang up.
    const blackhole = createServer((socket) => void held.push(socket.resume()));
    await new Promise<void>((resolve) => blackhole.listen(0, '127.0.0.1', resolve));
    const url = `https://127.0.0.1:${(blackhole.address() as AddressInfo).port}`;
    const kube = KubeClient.fromKubeconfig({ kubeconfig: writeKubeconfig('blackhole', url, { token: TOKEN }, certs), timeoutMs: 300 });
    const failed = await kube.serverVersion().catch((e: unknown) => e);
    expect(failed).toMatchObject({ reason: 'timeout' });
    // undici's own connect timeout (10 s) would also say "timeout": the deadline, not that, must end
    // the request, which the cause tells apart without timing anything.
    expect(causeCodes(failed)).not.toContain('UND_ERR_CONNECT_TIMEOUT');
    expect(causeCodes(failed)).toContain('TimeoutError');
    // Closing the client ends the connection still waiting for TLS: nothing holds the process open.
    await kube.close();
    await new Promise((resolve) => blackhole.close(resolve)); // resolves once every accepted socket has closed
  });

  it('explains an unreachable server and a certificate it cannot verify as before', async () => {
    const closed = KubeClient.fromKubeconfig({ kubeconfig: writeKubeconfig('closed', 'https://127.0.0.1:1', { token: TOKEN }, certs) });
    await expect(closed.serverVersion()).rejects.toMatchObject({
      reason: 'unreachable',
      message: 'Cannot reach the cluster at https://127.0.0.1:1 (ECONNREFUSED).',
    });
    await closed.close();
    const stranger = await generateCertificateSet();
    const wrongCa = KubeClient.fromKubeconfig({ kubeconfig: writeKubeconfig('wrong-ca', server.url, { token: TOKEN }, stranger) });
    await expect(wrongCa.serverVersion()).rejects.toMatchObject({ reason: 'tls' });
    await wrongCa.close();
  }, 30_000);
});

describe('KubeClient far from the API server', () => {
  let certs: CertificateSet;

  beforeAll(async () => {
    certs = await generateCertificateSet();
  }, 60_000);

  /**
   * A server that completes TLS (offering h2) and then never writes a byte: no SETTINGS frame, no
   * answer. It counts the HEADERS frames (requests) it receives after the client's preface.
   */
  async function silentH2Server() {
    const sockets: Socket[] = [];
    let headers = 0;
    let streamWindow = 65_535;
    let connectionWindow = 65_535;
    const server = createTlsServer({ key: certs.serverKey, cert: certs.serverCert, ALPNProtocols: ['h2'] }, (socket) => {
      sockets.push(socket);
      let buffered = Buffer.alloc(0);
      let prefaceSeen = false;
      socket.on('error', () => undefined);
      socket.on('data', (chunk: Buffer) => {
        buffered = Buffer.concat([buffered, chunk]);
        if (!prefaceSeen) {
          if (buffered.length < 24) return;
          buffered = buffered.subarray(24);
          prefaceSeen = true;
        }
        // HTTP/2 frames: 3 bytes length, 1 byte type (1 = HEADERS), flags, stream id, payload.
        while (buffered.length >= 9 && buffered.length >= 9 + buffered.readUIntBE(0, 3)) {
          const length = buffered.readUIntBE(0, 3);
          const stream = buffered.readUInt32BE(5) & 0x7fffffff;
          if (buffered[3] === 1) headers++;
          // SETTINGS (4): 6-byte entries; 0x4 is SETTINGS_INITIAL_WINDOW_SIZE (a stream's window).
          if (buffered[3] === 4 && !(buffered[4]! & 1))
            for (let at = 9; at + 6 <= 9 + length; at += 6)
              if (buffered.readUInt16BE(at) === 4) streamWindow = buffered.readUInt32BE(at + 2);
          // WINDOW_UPDATE (8) on stream 0: the connection's window grows by this much over 65,535.
          if (buffered[3] === 8 && stream === 0) connectionWindow += buffered.readUInt32BE(9) & 0x7fffffff;
          buffered = buffered.subarray(9 + length);
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return {
      url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
      headers: () => headers,
      windows: () => ({ stream: streamWindow, connection: connectionWindow }),
      stop: async () => {
        for (const s of sockets) s.destroy();
        await new Promise((resolve) => server.close(resolve));
      },
    };
  }

  it("sends reads issued together at once, without waiting a round trip for the server's SETTINGS", async () => {
    // undici's HTTP/2 sends one stream until the server's SETTINGS arrive (its concurrency limit is
    // unknown until then): far from the server, everything after the first read of a wave left one
    // round trip late. HTTP/2 allows a client to send right after its preface (RFC 9113, 3.4).
    const server = await silentH2Server();
    const kube = KubeClient.fromKubeconfig({
      kubeconfig: writeKubeconfig('no-settings', server.url, { token: 't' }, certs),
      timeoutMs: 60_000,
    });
    const reads = [kube.serverVersion(), kube.getNamespace('a'), kube.getNamespace('b'), kube.getSecret('openfaas', 'c')].map((p) =>
      p.catch((e: unknown) => e),
    );
    await waitUntil(() => server.headers() >= 4, 'the server received all four requests before sending anything');
    expect(server.headers()).toBe(4);
    // And with windows a far server need not stop in (HTTP/2's 64 KiB default costs a round trip per 64 KiB of answers).
    expect(server.windows().stream).toBeGreaterThanOrEqual(1024 * 1024);
    expect(server.windows().connection).toBeGreaterThanOrEqual(1024 * 1024);
    await server.stop();
    for (const e of await Promise.all(reads)) expect(e).toBeInstanceOf(KubeError);
    await kube.close();
  });

  it('still talks to a server that offers only HTTP/1.1 (a proxy in front of the API server)', async () => {
    const server = createHttpsServer({ key: certs.serverKey, cert: certs.serverCert }, (req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(req.url === '/version' ? { major: '1', minor: '31', gitVersion: 'v1.31.0-h1' } : { metadata: { name: 'a' } }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const kube = KubeClient.fromKubeconfig({ kubeconfig: writeKubeconfig('h1-only', url, { token: 't' }, certs) });
    const [version, namespace] = await Promise.all([kube.serverVersion(), kube.getNamespace('a')]);
    expect(version.gitVersion).toBe('v1.31.0-h1');
    expect(namespace?.metadata?.name).toBe('a');
    await kube.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
});
