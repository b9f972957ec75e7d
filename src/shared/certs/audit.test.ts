import { createPublicKey } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditCertificateSecrets, type CertFinding, type CertSecretsInput } from './audit.js';
import { generateCertificateSet, type CertificateSet } from './generate.js';
import { inspectCertificate } from './inspect.js';
import { CLIENT_CERTS_SECRET, DAEMON_CERTS_SECRET, certSecretData } from './secretData.js';
import { makeTestCa, makeTestLeaf, type TestCa, type TestPair } from './testSupport.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const ISSUED = new Date('2026-03-01T12:00:00.000Z');
const LATER = new Date(ISSUED.getTime() + 60 * 60 * 1000);

const pemBody = (pem: string) =>
  pem
    .split('\n')
    .filter((line) => line && !line.startsWith('-----'))
    .join('');

/** Every 16-character window of every value's base64 body: none may appear in a finding. */
function assertNothingLeaks(input: CertSecretsInput, findings: CertFinding[]) {
  const bodies = [input.daemon, input.client]
    .flatMap((data) => Object.values(data ?? {}))
    .map((value) => pemBody(typeof value === 'string' ? value : Buffer.from(value).toString('utf8')))
    .filter((body) => body.length >= 16);
  for (const finding of findings) {
    for (const text of [finding.message, finding.hint]) {
      expect(text).not.toContain('PRIVATE KEY');
      expect(text).not.toContain('-----');
      expect(text).not.toMatch(/[A-Za-z0-9+/=]{40,}/);
      for (let i = 0; i + 16 <= text.length; i++) {
        const window = text.slice(i, i + 16);
        expect(bodies.some((body) => body.includes(window))).toBe(false);
      }
    }
  }
}

function audit(input: CertSecretsInput, now = LATER): CertFinding[] {
  const findings = auditCertificateSecrets(input, now);
  assertNothingLeaks(input, findings);
  return findings;
}

const summary = (findings: CertFinding[]) => findings.map((f) => `${f.severity}:${f.code}:${f.secret}:${f.key ?? '-'}`);

let set: CertificateSet;
let other: CertificateSet;
let ca: TestCa;
let serverWith: (pair: TestPair) => CertSecretsInput;
let clientWith: (pair: TestPair) => CertSecretsInput;

beforeAll(async () => {
  [set, other] = await Promise.all([generateCertificateSet({ now: ISSUED }), generateCertificateSet({ now: ISSUED })]);
  ca = {
    certPem: set.caCert,
    keyPem: set.caKey,
    keys: { publicKeyPem: createPublicKey(set.caKey).export({ type: 'spki', format: 'pem' }).toString(), privateKeyPem: set.caKey },
  };
  const good = certSecretData(set);
  serverWith = (pair) => ({ daemon: { ...good.daemon, 'server.crt': pair.certPem, 'server.key': pair.keyPem }, client: good.client });
  clientWith = (pair) => ({ daemon: good.daemon, client: { ...good.client, 'client.crt': pair.certPem, 'client.key': pair.keyPem } });
});

const good = () => certSecretData(set);

describe('auditCertificateSecrets', () => {
  it('finds nothing wrong with a generated set, given as strings or as decoded bytes', () => {
    expect(audit(good())).toEqual([]);
    const asBytes = (data: Record<string, string>) => Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v)]));
    expect(audit({ daemon: asBytes(good().daemon), client: asBytes(good().client) })).toEqual([]);
  });

  it('reports secrets from two different CAs as one ca-mismatch naming both directions', () => {
    const findings = audit({ daemon: good().daemon, client: certSecretData(other).client });
    expect(summary(findings)).toEqual([`fail:ca-mismatch:${DAEMON_CERTS_SECRET}:ca.crt`]);
    expect(findings[0]!.message).toContain('two different CAs');
    expect(findings[0]!.message).toContain(CLIENT_CERTS_SECRET);
    expect(findings[0]!.message).toMatch(
      /pro-builder will not trust BuildKit's server\.crt.*BuildKit will not trust pro-builder's client\.crt/,
    );
  });

  it('keeps two different CAs a failure when a missing certificate leaves nothing to cross-check', () => {
    const { 'server.crt': _dropped, ...daemonWithoutCert } = good().daemon;
    const findings = audit({ daemon: daemonWithoutCert, client: certSecretData(other).client });
    expect(summary(findings)).toContain(`fail:missing-entry:${DAEMON_CERTS_SECRET}:server.crt`);
    expect(summary(findings)).toContain(`fail:ca-mismatch:${DAEMON_CERTS_SECRET}:ca.crt`);
  });

  it('only warns when the two ca.crt differ but are the same CA key and name re-issued', async () => {
    const reissued = await makeTestCa({ keys: ca.keys, commonName: inspectCertificate(set.caCert).subjectCN, now: ISSUED });
    const findings = audit({ daemon: { ...good().daemon, 'ca.crt': reissued.certPem }, client: good().client });
    expect(summary(findings)).toEqual([`warn:ca-mismatch:${DAEMON_CERTS_SECRET}:ca.crt`]);
  });

  it('fails a server certificate without the 127.0.0.1 IP SAN', async () => {
    const noIp = await makeTestLeaf(ca, { role: 'server', dnsSans: ['localhost'], now: ISSUED });
    const findings = audit(serverWith(noIp));
    expect(summary(findings)).toEqual([`fail:server-ip-san-missing:${DAEMON_CERTS_SECRET}:server.crt`]);
    expect(findings[0]!.message).toContain('127.0.0.1');
  });

  it('fails certificates issued for the wrong side of the connection', async () => {
    const clientOnly = await makeTestLeaf(ca, { role: 'client', ipSans: ['127.0.0.1'], now: ISSUED });
    expect(summary(audit(serverWith(clientOnly)))).toEqual([`fail:server-auth-missing:${DAEMON_CERTS_SECRET}:server.crt`]);
    const serverOnly = await makeTestLeaf(ca, { role: 'server', ipSans: ['127.0.0.1'], now: ISSUED });
    expect(summary(audit(clientWith(serverOnly)))).toEqual([`fail:client-auth-missing:${CLIENT_CERTS_SECRET}:client.crt`]);
  });

  it('fails expired certificates, naming which one and when', () => {
    const serverEnd = inspectCertificate(set.serverCert).notAfter;
    const findings = audit(good(), new Date(serverEnd.getTime() + 3 * DAY_MS));
    expect(summary(findings)).toEqual([`fail:expired:${DAEMON_CERTS_SECRET}:server.crt`, `fail:expired:${CLIENT_CERTS_SECRET}:client.crt`]);
    expect(findings[0]!.message).toContain(`server.crt in ${DAEMON_CERTS_SECRET}`);
    expect(findings[0]!.message).toContain(serverEnd.toISOString().slice(0, 19));
    expect(findings[0]!.message).toContain('3 days ago');
  });

  it('reports an expired CA once for both secrets', () => {
    const caEnd = inspectCertificate(set.caCert).notAfter;
    const findings = audit(good(), new Date(caEnd.getTime() + DAY_MS));
    const caFindings = findings.filter((f) => f.key === 'ca.crt');
    expect(summary(caFindings)).toEqual([`fail:expired:${DAEMON_CERTS_SECRET}:ca.crt`]);
    expect(caFindings[0]!.message).toContain(CLIENT_CERTS_SECRET);
  });

  it('fails certificates that are not valid yet', () => {
    const findings = audit(good(), new Date(ISSUED.getTime() - DAY_MS));
    expect(summary(findings)).toEqual([
      `fail:not-yet-valid:${DAEMON_CERTS_SECRET}:ca.crt`,
      `fail:not-yet-valid:${DAEMON_CERTS_SECRET}:server.crt`,
      `fail:not-yet-valid:${CLIENT_CERTS_SECRET}:client.crt`,
    ]);
  });

  it('warns, without failing, when less than 30 days are left', () => {
    const end = inspectCertificate(set.clientCert).notAfter;
    const findings = audit(good(), new Date(end.getTime() - 10 * DAY_MS));
    expect(summary(findings)).toEqual([
      `warn:expires-soon:${DAEMON_CERTS_SECRET}:server.crt`,
      `warn:expires-soon:${CLIENT_CERTS_SECRET}:client.crt`,
    ]);
    expect(findings[1]!.message).toContain('in 10 days');
    expect(audit(good(), new Date(end.getTime() - 31 * DAY_MS))).toEqual([]);
  });

  it('fails a private key from another pair', () => {
    const findings = audit({ daemon: { ...good().daemon, 'server.key': other.serverKey }, client: good().client });
    expect(summary(findings)).toEqual([`fail:key-mismatch:${DAEMON_CERTS_SECRET}:server.key`]);
  });

  it('fails entries that are not PEM, without noise about what could not be checked', () => {
    const doubleEncoded = Buffer.from(set.clientKey).toString('base64');
    const findings = audit({
      daemon: { ...good().daemon, 'server.crt': 'garbage' },
      client: { ...good().client, 'client.key': doubleEncoded },
    });
    expect(summary(findings)).toEqual([
      `fail:invalid-pem:${DAEMON_CERTS_SECRET}:server.crt`,
      `fail:invalid-pem:${CLIENT_CERTS_SECRET}:client.key`,
    ]);
  });

  it('fails missing and empty entries, and a missing secret', () => {
    const { 'client.key': _dropped, ...clientWithoutKey } = good().client;
    const findings = audit({ daemon: { ...good().daemon, 'ca.crt': '  \n' }, client: clientWithoutKey });
    expect(summary(findings)).toEqual([
      `fail:missing-entry:${DAEMON_CERTS_SECRET}:ca.crt`,
      `fail:missing-entry:${CLIENT_CERTS_SECRET}:client.key`,
    ]);
    expect(summary(audit({ client: good().client }))).toEqual([`fail:secret-missing:${DAEMON_CERTS_SECRET}:-`]);
  });

  it('fails a ca.crt that holds a leaf instead of the CA', () => {
    const findings = audit({ daemon: { ...good().daemon, 'ca.crt': set.serverCert }, client: good().client });
    const codes = findings.map((f) => f.code);
    expect(codes).toContain('not-a-ca');
    expect(codes).not.toContain('not-signed-by-ca');
    expect(findings.find((f) => f.code === 'ca-mismatch')?.message).toContain("BuildKit will not trust pro-builder's client.crt");
  });

  it('fails a server certificate not signed by the ca.crt beside it', () => {
    const findings = audit({
      daemon: { ...good().daemon, 'server.crt': other.serverCert, 'server.key': other.serverKey },
      client: good().client,
    });
    expect(summary(findings)).toEqual([`fail:not-signed-by-ca:${DAEMON_CERTS_SECRET}:server.crt`]);
  });

  it('warns about RSA keys under 2048 bits and fails those Go refuses', async () => {
    const [weak, refused] = await Promise.all([
      makeTestLeaf(ca, { role: 'client', bits: 1024, now: ISSUED }),
      makeTestLeaf(ca, { role: 'client', bits: 512, now: ISSUED }),
    ]);
    const warned = audit(clientWith(weak));
    expect(summary(warned)).toEqual([`warn:weak-key:${CLIENT_CERTS_SECRET}:client.crt`]);
    expect(warned[0]!.message).toContain('1024-bit');
    expect(summary(audit(clientWith(refused)))).toEqual([`fail:weak-key:${CLIENT_CERTS_SECRET}:client.crt`]);
  });

  it('fails a SHA-1 signed certificate', async () => {
    const sha1 = await makeTestLeaf(ca, { role: 'server', ipSans: ['127.0.0.1'], digest: 'sha1', now: ISSUED });
    expect(inspectCertificate(sha1.certPem).signatureAlgorithm).toBe('sha1WithRSAEncryption');
    expect(summary(audit(serverWith(sha1)))).toEqual([`fail:weak-signature:${DAEMON_CERTS_SECRET}:server.crt`]);
  });

  it('gives every finding a next step', () => {
    const findings = audit(
      { daemon: { ...good().daemon, 'server.key': other.serverKey }, client: certSecretData(other).client },
      new Date(ISSUED.getTime() - DAY_MS),
    );
    expect(findings.length).toBeGreaterThan(2);
    for (const finding of findings) expect(finding.hint.length).toBeGreaterThan(10);
  });
});
