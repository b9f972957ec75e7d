import { describe, expect, it } from 'vitest';
import { CLIENT_SECRET_KEYS, DAEMON_SECRET_KEYS, certSecretData } from './secretData.js';
import type { CertificateSet } from './types.js';

// Distinct placeholder values so each entry's source is visible; certSecretData does not parse them.
const set: CertificateSet = {
  caCert: 'ca-cert',
  caKey: 'ca-key',
  serverCert: 'server-cert',
  serverKey: 'server-key',
  clientCert: 'client-cert',
  clientKey: 'client-key',
};

describe('certSecretData', () => {
  it('fills exactly the entries the chart mounts, from the matching parts of the set', () => {
    const { daemon, client } = certSecretData(set);
    expect(Object.keys(daemon).sort()).toEqual([...DAEMON_SECRET_KEYS].sort());
    expect(Object.keys(client).sort()).toEqual([...CLIENT_SECRET_KEYS].sort());
    expect(daemon).toEqual({ 'ca.crt': 'ca-cert', 'server.crt': 'server-cert', 'server.key': 'server-key' });
    expect(client).toEqual({ 'ca.crt': 'ca-cert', 'client.crt': 'client-cert', 'client.key': 'client-key' });
  });

  it('never puts the CA private key in a secret', () => {
    const { daemon, client } = certSecretData(set);
    expect([...Object.values(daemon), ...Object.values(client)]).not.toContain('ca-key');
  });
});
