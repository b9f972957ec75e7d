/**
 * Proof with a real TLS stack: Node (OpenSSL) plays BuildKit (server demanding a client
 * certificate) and pro-builder (client dialling 127.0.0.1 and checking the server's identity),
 * with the same files the chart mounts.
 */
import type { AddressInfo } from 'node:net';
import { connect, createServer } from 'node:tls';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateCertificateSet, type CertificateSet } from './generate.js';
import { makeTestLeaf, type TestCa } from './testSupport.js';

interface Party {
  key: string;
  cert: string;
  ca: string;
}

interface Outcome {
  /** The client read the server's greeting over a mutually authenticated channel. */
  ok: boolean;
  serverAuthorized?: boolean;
  /** Why the server did not authorize the client (only seen when it does not reject outright). */
  serverAuthorizationError?: string;
  clientAuthorized?: boolean;
  clientError?: string;
  serverError?: string;
}

/** `lenientServer` accepts any client certificate so the test can read why it was not authorized. */
async function handshake(server: Party, client: Party, { lenientServer = false } = {}): Promise<Outcome> {
  const outcome: Outcome = { ok: false };
  const srv = createServer({ ...server, requestCert: true, rejectUnauthorized: !lenientServer }, (socket) => {
    outcome.serverAuthorized = socket.authorized;
    if (socket.authorizationError) outcome.serverAuthorizationError = String(socket.authorizationError);
    socket.end('hello');
  });
  srv.on('tlsClientError', (err: NodeJS.ErrnoException) => {
    outcome.serverError = err.code ?? err.message;
  });
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address() as AddressInfo;
  await new Promise<void>((resolve) => {
    let data = '';
    // No servername: like pro-builder with buildkit_server_name=127.0.0.1, the identity checked is the IP.
    const socket = connect({ host: '127.0.0.1', port, ...client });
    socket.setTimeout(5000, () => socket.destroy(new Error('timeout')));
    socket.on('secureConnect', () => {
      outcome.clientAuthorized = socket.authorized;
    });
    socket.on('data', (chunk: Buffer) => {
      data += chunk.toString('utf8');
    });
    socket.on('error', (err: NodeJS.ErrnoException) => {
      outcome.clientError = err.code ?? err.message;
    });
    socket.on('close', () => {
      outcome.ok = data === 'hello' && outcome.clientError === undefined;
      resolve();
    });
  });
  await new Promise((resolve) => srv.close(resolve));
  return outcome;
}

const daemonOf = (s: CertificateSet): Party => ({ key: s.serverKey, cert: s.serverCert, ca: s.caCert });
const clientOf = (s: CertificateSet): Party => ({ key: s.clientKey, cert: s.clientCert, ca: s.caCert });

let set: CertificateSet;
let other: CertificateSet;
let ca: TestCa;

beforeAll(async () => {
  [set, other] = await Promise.all([generateCertificateSet(), generateCertificateSet()]);
  ca = { certPem: set.caCert, keyPem: set.caKey, keys: { publicKeyPem: '', privateKeyPem: set.caKey } };
});

describe('mutual TLS with a generated set', () => {
  it('completes the handshake, each side authorizing the other', async () => {
    const outcome = await handshake(daemonOf(set), clientOf(set));
    expect(outcome).toEqual({ ok: true, serverAuthorized: true, clientAuthorized: true });
  });

  it('fails when the client certificate comes from another CA', async () => {
    const outcome = await handshake(daemonOf(set), { ...clientOf(other), ca: set.caCert });
    expect(outcome.ok).toBe(false);
    expect(outcome.serverAuthorized).toBeUndefined();
    expect(outcome.serverError).toBeDefined();
    // Node's server hides the reason behind a reset; a lenient server shows it.
    const reason = await handshake(daemonOf(set), { ...clientOf(other), ca: set.caCert }, { lenientServer: true });
    expect(reason).toMatchObject({ serverAuthorized: false, serverAuthorizationError: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
  });

  it('fails when the client trusts another CA than the one that signed the server', async () => {
    const outcome = await handshake(daemonOf(set), { ...clientOf(set), ca: other.caCert });
    expect(outcome.ok).toBe(false);
    expect(outcome.clientError).toBeDefined();
  });

  it('fails when the server certificate lacks the 127.0.0.1 IP SAN', async () => {
    const noIp = await makeTestLeaf(ca, { role: 'server', dnsSans: ['localhost', 'buildkitd'] });
    const outcome = await handshake({ key: noIp.keyPem, cert: noIp.certPem, ca: set.caCert }, clientOf(set));
    expect(outcome.ok).toBe(false);
    expect(outcome.clientError).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
  });

  it('fails when the server certificate is for another IP', async () => {
    const elsewhere = await generateCertificateSet({ serverIp: '10.1.2.3' });
    const outcome = await handshake(daemonOf(elsewhere), clientOf(elsewhere));
    expect(outcome.clientError).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
  });

  // OpenSSL checks the extended key usage of the peer certificate (purpose sslclient/sslserver), as Go does.
  it('fails when the client presents a server-only certificate (no clientAuth)', async () => {
    const serverOnly = await makeTestLeaf(ca, { role: 'server', ipSans: ['127.0.0.1'] });
    const outcome = await handshake(daemonOf(set), { key: serverOnly.keyPem, cert: serverOnly.certPem, ca: set.caCert });
    expect(outcome.ok).toBe(false);
    expect(outcome.serverAuthorized).toBeUndefined();
    const reason = await handshake(
      daemonOf(set),
      { key: serverOnly.keyPem, cert: serverOnly.certPem, ca: set.caCert },
      { lenientServer: true },
    );
    expect(reason).toMatchObject({ serverAuthorized: false, serverAuthorizationError: 'INVALID_PURPOSE' });
  });

  it('fails when the server presents a client-only certificate (no serverAuth), even with the IP SAN', async () => {
    const clientOnly = await makeTestLeaf(ca, { role: 'client', ipSans: ['127.0.0.1'] });
    const outcome = await handshake({ key: clientOnly.keyPem, cert: clientOnly.certPem, ca: set.caCert }, clientOf(set));
    expect(outcome.ok).toBe(false);
    expect(outcome.clientError).toBe('INVALID_PURPOSE');
  });

  it('a lenient server authorizes the generated client certificate without reservation', async () => {
    const outcome = await handshake(daemonOf(set), clientOf(set), { lenientServer: true });
    expect(outcome).toEqual({ ok: true, serverAuthorized: true, clientAuthorized: true });
  });
});
