import type { V1Secret } from '@kubernetes/client-node';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { secretManifest } from './manifests.js';
import { decodeSecretData, describeSecret, redactSecret, secretDataEqual } from './secretData.js';

/** What the API returns for a secret this tool created earlier: extra metadata, no stringData. */
function asStored(s: V1Secret): V1Secret {
  return {
    ...s,
    metadata: { ...s.metadata, resourceVersion: '123', uid: 'u-1', labels: { other: 'label' }, creationTimestamp: new Date(0) },
  };
}

describe('secretDataEqual', () => {
  const desired = secretManifest('registry-secret', 'openfaas', { 'config.json': '{"auths":{}}\n' });

  it('is true for the same data whatever the metadata, so a re-run converges', () => {
    expect(secretDataEqual(asStored(desired), desired)).toBe(true);
  });

  it('treats stringData like the data it becomes', () => {
    const viaStringData: V1Secret = {
      metadata: { name: 'registry-secret' },
      type: 'Opaque',
      stringData: { 'config.json': '{"auths":{}}\n' },
    };
    expect(secretDataEqual(viaStringData, desired)).toBe(true);
  });

  it('is false for a changed byte, an extra key, a missing key or another type', () => {
    expect(secretDataEqual(secretManifest('r', 'n', { 'config.json': '{"auths":{}}' }), desired)).toBe(false);
    expect(secretDataEqual(secretManifest('r', 'n', { 'config.json': '{"auths":{}}\n', extra: 'x' }), desired)).toBe(false);
    expect(secretDataEqual(secretManifest('r', 'n', {}), desired)).toBe(false);
    expect(secretDataEqual({ ...desired, type: 'kubernetes.io/dockerconfigjson' }, desired)).toBe(false);
  });

  it('treats a missing type as Opaque, as the API does', () => {
    const { type: _type, ...untyped } = desired;
    expect(secretDataEqual(untyped, desired)).toBe(true);
  });

  it('agrees with byte equality for generated data', () => {
    const data = fc.dictionary(fc.stringMatching(/^[a-z.]{1,8}$/), fc.uint8Array({ maxLength: 20 }), { maxKeys: 4 });
    fc.assert(
      fc.property(data, data, (a, b) => {
        const sa = secretManifest('s', 'n', Object.fromEntries(Object.entries(a).map(([k, v]) => [k, Buffer.from(v)])));
        const sb = secretManifest('s', 'n', Object.fromEntries(Object.entries(b).map(([k, v]) => [k, Buffer.from(v)])));
        const same =
          Object.keys(a).length === Object.keys(b).length &&
          Object.keys(a).every((k) => b[k] !== undefined && Buffer.from(a[k]!).equals(Buffer.from(b[k]!)));
        expect(secretDataEqual(sa, sb)).toBe(same);
        expect(secretDataEqual(sa, sa)).toBe(true);
      }),
    );
  });
});

describe('decodeSecretData', () => {
  it('decodes base64 data and lets stringData win', () => {
    const s: V1Secret = { data: { a: 'YWJj', b: 'eHl6' }, stringData: { b: 'new' } };
    const d = decodeSecretData(s);
    expect(d['a']?.toString()).toBe('abc');
    expect(d['b']?.toString()).toBe('new');
  });

  it('returns nothing for a secret without data', () => {
    expect(decodeSecretData({ metadata: { name: 'x' } })).toEqual({});
  });
});

describe('describeSecret and redactSecret', () => {
  const secretValues = fc.string({
    unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=:'),
    minLength: 12,
    maxLength: 80,
  });

  it('lists key names and byte lengths, sorted', () => {
    const s = secretManifest('buildkit-client-certs', 'openfaas', {
      'client.key': 'K'.repeat(1679),
      'ca.crt': 'C'.repeat(1200),
      'client.crt': 'é',
    });
    expect(describeSecret(s)).toEqual({
      name: 'buildkit-client-certs',
      keys: [
        { key: 'ca.crt', bytes: 1200 },
        { key: 'client.crt', bytes: 2 },
        { key: 'client.key', bytes: 1679 },
      ],
    });
  });

  it('never contains the value or its base64', () => {
    fc.assert(
      fc.property(secretValues, (value) => {
        const s = secretManifest('payload-secret', 'openfaas', { 'payload-secret': value });
        for (const out of [JSON.stringify(describeSecret(s)), JSON.stringify(redactSecret(s))]) {
          expect(out).not.toContain(value);
          expect(out).not.toContain(Buffer.from(value).toString('base64'));
        }
      }),
    );
  });

  it('keeps name, namespace, labels and type in the redacted manifest', () => {
    const s = secretManifest('payload-secret', 'openfaas', { 'payload-secret': 'x'.repeat(44) });
    const r = redactSecret(s);
    expect(r.metadata).toEqual(s.metadata);
    expect(r.type).toBe('Opaque');
    expect(r.data).toBeUndefined();
    expect(r.stringData).toEqual({ 'payload-secret': '<redacted: 44 bytes>' });
  });
});
