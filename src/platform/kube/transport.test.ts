import { describe, expect, it } from 'vitest';
import { closedBeforeAnswer, dispatcherFingerprint } from './transport.js';

describe('dispatcherFingerprint', () => {
  it('changes with any TLS setting and ignores key order', () => {
    const base = { type: 'agent', connect: { ca: Buffer.from('ca'), cert: Buffer.from('cert'), key: Buffer.from('key'), keepAlive: true } };
    expect(dispatcherFingerprint(base)).toBe(
      dispatcherFingerprint({
        connect: { keepAlive: true, key: Buffer.from('key'), cert: Buffer.from('cert'), ca: Buffer.from('ca') },
        type: 'agent',
      }),
    );
    expect(dispatcherFingerprint(base)).not.toBe(
      dispatcherFingerprint({ ...base, connect: { ...base.connect, cert: Buffer.from('cert2') } }),
    );
    expect(dispatcherFingerprint(base)).not.toBe(
      dispatcherFingerprint({ ...base, connect: { ...base.connect, rejectUnauthorized: false } }),
    );
    expect(dispatcherFingerprint({ type: 'none' })).not.toBe(dispatcherFingerprint(base));
  });

  it('holds no key material or passphrase in clear', () => {
    const print = dispatcherFingerprint({ connect: { key: Buffer.from('PRIVATE-KEY-SENTINEL'), passphrase: 'PASSPHRASE-SENTINEL' } });
    expect(print).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('closedBeforeAnswer', () => {
  const goAway = () =>
    Object.assign(new Error('HTTP/2: "GOAWAY" frame received with code 0'), { name: 'InformationalError', code: 'UND_ERR_INFO' });

  it("knows undici's GOAWAY, bare or wrapped as fetch failed", () => {
    expect(closedBeforeAnswer(goAway())).toBe(true);
    expect(closedBeforeAnswer(new TypeError('fetch failed', { cause: goAway() }))).toBe(true);
    expect(
      closedBeforeAnswer(
        new TypeError('fetch failed', { cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }) }),
      ),
    ).toBe(true);
  });

  it('is not a refused connect, a timeout or an answer', () => {
    expect(
      closedBeforeAnswer(
        new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }) }),
      ),
    ).toBe(false);
    expect(closedBeforeAnswer(Object.assign(new Error('Connect Timeout Error'), { code: 'UND_ERR_CONNECT_TIMEOUT' }))).toBe(false);
    expect(closedBeforeAnswer(new Error('HTTP-Code: 401'))).toBe(false);
    expect(closedBeforeAnswer(undefined)).toBe(false);
  });
});
