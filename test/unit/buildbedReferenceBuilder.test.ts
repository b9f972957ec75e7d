import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tarArchive } from '../../src/shared/builder/tar.js';
import { buildctlError, signPayload, startReferenceBuilder } from '../buildbed/referenceBuilder.js';

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

describe('reference builder requests', () => {
  it('refuses a signed archive with a ".." name with 400 and writes nothing outside its scratch folder', async () => {
    const secret = 'k3y';
    const builder = await startReferenceBuilder({
      payloadSecret: async () => secret,
      dockerConfigJson: async () => '{"auths":{}}',
      // Never reached: the archive is refused before any build starts.
      buildkit: { addr: 'unix:///nonexistent/buildkitd.sock' },
    });
    const escaped = `pbs-refbuilder-escaped-${process.pid}`;
    try {
      const body = tarArchive([
        { type: 'file', name: 'com.openfaas.docker.config', data: Buffer.from('{"image":"127.0.0.1:5000/a/b:1"}') },
        { type: 'file', name: `context/../../${escaped}`, data: Buffer.from('x') },
      ]);
      const res = await fetch(`${builder.url}/build`, {
        method: 'POST',
        body,
        headers: { 'X-Build-Signature': signPayload(body, secret), 'Content-Type': 'application/octet-stream' },
      });
      expect(res.status).toBe(400);
      expect(await res.text()).toMatch(/not a valid tar archive: .*"\.\." component/);
      expect(existsSync(join(tmpdir(), escaped))).toBe(false);
      expect(builder.statusCounts.get(400)).toBe(1);
    } finally {
      await builder.stop();
    }
  });
});
