import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildSignature, SMALL_BODY_BYTES } from './signature.js';

describe('buildSignature', () => {
  const body = Buffer.from('tar bytes');
  it('is sha256=<hex HMAC-SHA256 of the body>, keyed with the secret text trimmed', () => {
    const expected = createHmac('sha256', 'k3y').update(body).digest('hex');
    expect(buildSignature(body, 'k3y')).toBe(`sha256=${expected}`);
    expect(buildSignature(body, '  k3y\n')).toBe(`sha256=${expected}`);
  });
  it('uses the text as stored, not base64-decoded', () => {
    const b64 = Buffer.from('k3y').toString('base64');
    expect(buildSignature(body, b64)).toBe(`sha256=${createHmac('sha256', b64).update(body).digest('hex')}`);
  });
  it('keys with the UTF-8 bytes of a non-ASCII secret, as createHmac does with a string', () => {
    expect(buildSignature(body, 'clé-ß-🔑')).toBe(`sha256=${createHmac('sha256', 'clé-ß-🔑').update(body).digest('hex')}`);
  });
  it('gives the same answer on both sides of the small-body limit (JavaScript below, node:crypto above)', () => {
    for (const size of [SMALL_BODY_BYTES, SMALL_BODY_BYTES + 1, 5 * SMALL_BODY_BYTES]) {
      const big = Buffer.alloc(size, 0x5a);
      expect(buildSignature(big, 'k3y'), `size ${size}`).toBe(`sha256=${createHmac('sha256', 'k3y').update(big).digest('hex')}`);
    }
  });
  it('changes with one byte of the body', () => {
    expect(buildSignature(Buffer.from('tar bytez'), 'k3y')).not.toBe(buildSignature(body, 'k3y'));
  });
});
