/**
 * The wave recorder's own arithmetic (test/integration/waveRecorder.ts), against a local HTTP/2
 * server standing in for the API server: the integration test trusts its counts, so they are
 * checked here where the answers are known. The real API server's turn is the first test of
 * test/integration/round-trip-waves.test.ts.
 */
import { createSecureServer, type Http2SecureServer } from 'node:http2';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { KubeClient } from '../../src/platform/kube/client.js';
import { waitUntil } from '../../src/platform/testing/waitUntil.js';
import { makeTestCa, makeTestLeaf } from '../../src/shared/certs/testSupport.js';
import { WaveRecorder } from '../integration/waveRecorder.js';

describe('WaveRecorder', () => {
  let upstream: Http2SecureServer;
  let recorder: WaveRecorder;
  let client: KubeClient;
  const bodies: string[] = [];
  let answered = 0;

  beforeAll(async () => {
    const ca = await makeTestCa();
    const leaf = await makeTestLeaf(ca, { role: 'server', ipSans: ['127.0.0.1'] });
    upstream = createSecureServer({ key: leaf.keyPem, cert: leaf.certPem, allowHTTP1: true }, (req, res) => {
      let body = '';
      req.setEncoding('utf8').on('data', (c: string) => (body += c));
      req.on('end', () => {
        answered++;
        res.setHeader('content-type', 'application/json');
        if (req.method === 'POST') {
          bodies.push(body);
          const spec = (JSON.parse(body) as { spec: unknown }).spec;
          res
            .writeHead(201)
            .end(
              JSON.stringify({ apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec, status: { allowed: true } }),
            );
        } else if (req.url.startsWith('/version')) res.end(JSON.stringify({ major: '1', minor: '37', gitVersion: 'v1.37.2' }));
        else res.end(JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: req.url.split('/').at(-1) } }));
      });
    });
    await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
    const dir = await mkdtemp(join(tmpdir(), 'pbs-waves-unit-'));
    const kubeconfig = join(dir, 'kubeconfig');
    const server = `https://127.0.0.1:${(upstream.address() as { port: number }).port}`;
    await writeFile(
      kubeconfig,
      stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name: 'c', cluster: { server, 'certificate-authority-data': Buffer.from(ca.certPem).toString('base64') } }],
        users: [{ name: 'u', user: { token: 'not-a-real-token' } }],
        contexts: [{ name: 'x', context: { cluster: 'c', user: 'u' } }],
        'current-context': 'x',
      }),
      { mode: 0o600 },
    );
    recorder = await WaveRecorder.start(kubeconfig, { quietMs: 1_000 });
    client = KubeClient.fromKubeconfig({ kubeconfig: await recorder.kubeconfig() });
  });
  afterAll(async () => {
    await client?.close();
    await recorder?.close();
    await new Promise((r) => upstream?.close(r));
  });

  it('numbers independent requests 1 and each request after an answer one more, over one connection', async () => {
    recorder.reset();
    await Promise.all([client.serverVersion(), client.getNamespace('a'), client.getNamespace('b')]);
    await client.getNamespace('c');
    await client.canI([{ verb: 'get', resource: 'secrets', namespace: 'c' }]);
    expect(
      recorder.requests.map((r) => r.wave),
      recorder.describe(),
    ).toEqual([1, 1, 1, 2, 3]);
    expect(recorder.waves()).toBe(3);
    expect(recorder.connections).toBe(1);
    // Bodies reach the server intact (the access review comes back with its own spec).
    expect(JSON.parse(bodies.at(-1)!)).toMatchObject({
      spec: { resourceAttributes: { verb: 'get', resource: 'secrets', namespace: 'c' } },
    });
  });

  it('counts a request sent late, but before any answer it could wait for, in the first wave (answers are held)', async () => {
    recorder.reset();
    const first = client.getNamespace('early');
    // A slow client: the second request leaves only after the server has answered the first.
    const before = answered;
    await waitUntil(() => answered > before, 'the server answered the first request');
    const second = client.getNamespace('late');
    await Promise.all([first, second]);
    expect(
      recorder.requests.map((r) => r.wave),
      recorder.describe(),
    ).toEqual([1, 1]);
  });

  it("starts over after reset(): the next command's first requests are wave 1 again", async () => {
    await client.getNamespace('before');
    recorder.reset();
    await client.getNamespace('after');
    expect(recorder.requests.map((r) => r.wave)).toEqual([1]);
  });
});
