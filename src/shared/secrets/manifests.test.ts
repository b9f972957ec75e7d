import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MANAGED_BY_LABEL, MANAGED_BY_VALUE } from '../../platform/kube/labels.js';
import { irsaServiceAccountManifest, labelsForUpdate, secretManifest } from './manifests.js';
import { IRSA_ROLE_ANNOTATION, SECRET_KEYS, SECRET_NAMES } from './names.js';
import { decodeSecretData } from './secretData.js';

describe('secretManifest', () => {
  it('builds an Opaque secret with base64 data and the ownership labels', () => {
    const s = secretManifest(SECRET_NAMES.payload, 'openfaas', { [SECRET_KEYS.payload]: 'abc' });
    expect(s).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name: 'payload-secret',
        namespace: 'openfaas',
        labels: { [MANAGED_BY_LABEL]: MANAGED_BY_VALUE, 'app.kubernetes.io/part-of': 'openfaas' },
      },
      type: 'Opaque',
      data: { 'payload-secret': 'YWJj' },
    });
    expect(s.metadata?.labels?.['app.kubernetes.io/managed-by']).toBe('probuilder-setup');
  });

  it('stores strings and buffers byte for byte, adding no newline', () => {
    fc.assert(
      fc.property(fc.string(), fc.uint8Array(), (text, bytes) => {
        const s = secretManifest('x', 'ns', { 'a.txt': text, 'b.bin': Buffer.from(bytes) });
        const back = decodeSecretData(s);
        expect(back['a.txt']?.toString('utf8')).toBe(text);
        expect(back['b.bin']?.equals(Buffer.from(bytes))).toBe(true);
      }),
    );
  });

  it('refuses keys Kubernetes would refuse', () => {
    expect(() => secretManifest('x', 'ns', { 'a/b': 'v' })).toThrow(/cannot be a secret key/);
    expect(() => secretManifest('x', 'ns', { '': 'v' })).toThrow(/cannot be a secret key/);
  });

  it('never names a value when refusing a key', () => {
    try {
      secretManifest('x', 'ns', { 'bad key': 'super-secret-value' });
    } catch (e) {
      expect(String(e)).not.toContain('super-secret-value');
    }
  });
});

describe('irsaServiceAccountManifest', () => {
  it('annotates the pro-builder-ecr service account with the role ARN', () => {
    const arn = 'arn:aws:iam::123456789012:role/pro-builder-ecr';
    expect(irsaServiceAccountManifest('openfaas', arn)).toEqual({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: {
        name: 'pro-builder-ecr',
        namespace: 'openfaas',
        labels: { [MANAGED_BY_LABEL]: MANAGED_BY_VALUE, 'app.kubernetes.io/part-of': 'openfaas' },
        annotations: { [IRSA_ROLE_ANNOTATION]: arn },
      },
    });
    expect(irsaServiceAccountManifest('builders', arn, 'custom').metadata).toMatchObject({ name: 'custom', namespace: 'builders' });
  });
});

describe('labelsForUpdate', () => {
  it("never claims an object it did not create: another manager's label stays, and an unlabelled object gets none", () => {
    const desired = { [MANAGED_BY_LABEL]: MANAGED_BY_VALUE, 'app.kubernetes.io/part-of': 'openfaas' };
    expect(labelsForUpdate({ [MANAGED_BY_LABEL]: 'argocd', team: 'a' }, desired)).toEqual({
      [MANAGED_BY_LABEL]: 'argocd',
      team: 'a',
      'app.kubernetes.io/part-of': 'openfaas',
    });
    expect(labelsForUpdate({ team: 'a' }, desired)).toEqual({ team: 'a', 'app.kubernetes.io/part-of': 'openfaas' });
    expect(labelsForUpdate(undefined, desired)).toEqual({ 'app.kubernetes.io/part-of': 'openfaas' });
    expect(labelsForUpdate({ [MANAGED_BY_LABEL]: MANAGED_BY_VALUE }, desired)).toEqual(desired);
  });
});
