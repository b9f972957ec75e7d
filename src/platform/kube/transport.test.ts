import { describe, expect, it } from 'vitest';
import { dispatcherFingerprint } from './transport.js';

describe('dispatcherFingerprint', () => {
  it('changes with any TLS setting and ignores key order', () => {
    const base = { type: 'agent', connect: { ca: Buffer.from('ca'), cert: Buffer.from('cert'), key: Buffer.from('key'), keepAlive: true } };
    expect(dispatcherFingerprint(base)).toBe(dispatcherFingerprint({ connect: { keepAlive: true, key: Buffer.from('key'), cert: Buffer.from('cert'), ca: Buffer.from('ca') }, type: 'agent' }));
    expect(dispatcherFingerprint(base)).not.toBe(dispatcherFingerprint({ ...base, connect: { ...base.connect, cert: Buffer.from('cert2') } }));
    expect(dispatcherFingerprint(base)).not.toBe(dispatcherFingerprint({ ...base, connect: { ...base.connect, rejectUnauthorized: false } }));
    expect(dispatcherFingerprint({ type: 'none' })).not.toBe(dispatcherFingerprint(base));
  });

  it('holds no key material or passphrase in clear', () => {
    const print = dispatcherFingerprint({ connect: { key: Buffer.from('PRIVATE-KEY-SENTINEL'), passphrase: 'PASSPHRASE-SENTINEL' } });
    expect(print).toMatch(/^[0-9a-f]{64}$/);
  });
});
