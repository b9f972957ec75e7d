import { describe, expect, it } from 'vitest';
import { buildctlError, signPayload } from '../buildbed/referenceBuilder.js';

describe('reference builder helpers', () => {
  it('signs like go-sdk: sha256=<hex HMAC-SHA256>, keyed with the trimmed secret text', () => {
    const body = new TextEncoder().encode('The quick brown fox jumps over the lazy dog');
    // RFC 4231-style known answer for key "key".
    const expected = 'sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8';
    expect(signPayload(body, 'key')).toBe(expected);
    expect(signPayload(body, '  key\n')).toBe(expected);
    expect(signPayload(body, 'other')).not.toBe(expected);
  });

  it("takes buildctl's last error line without its prefix", () => {
    const stderr = '#1 [internal] load build definition\n#1 DONE 0.0s\nerror: failed to solve: failed to push x: 401 Unauthorized\n';
    expect(buildctlError(stderr)).toBe('failed to solve: failed to push x: 401 Unauthorized');
    expect(buildctlError('something else\n')).toBe('something else');
  });
});
