import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildSignature } from './signature.js';

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
  it('changes with one byte of the body', () => {
    expect(buildSignature(Buffer.from('tar bytez'), 'k3y')).not.toBe(buildSignature(body, 'k3y'));
  });
});
