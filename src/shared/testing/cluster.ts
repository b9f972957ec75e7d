// Test helpers only: the made-up cluster, the secret values no output may contain, and stored
// secrets as the API server returns them; shared by every feature's tests.
import type { V1Secret } from '@kubernetes/client-node';
import { secretManifest, SECRET_NAMES } from '../secrets/index.js';

/** The made-up cluster: the one the fake Kube answers for. */
export { TEST_TARGET } from '../../platform/testing/fakeKube.js';

/** Values that must never appear in any output. */
export const TEST_SECRETS = {
  signing: 'dGVzdC1zaWduaW5nLXNlY3JldC0zMi1ieXRlcy1sb25nIQ==',
  password: 'hunter2-registry-token',
  license: 'LICENSE-BODY-eyJhbGciOiJSUzI1NiJ9',
  awsSecret: 'wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEYzz',
} as const;

/** Every test secret, raw and in the encodings it is stored in, that occurs in text: [] means no leak. */
export function leakedTestSecrets(text: string): string[] {
  const forms = [
    ...Object.values(TEST_SECRETS),
    Buffer.from(`octo:${TEST_SECRETS.password}`).toString('base64'),
    Buffer.from(TEST_SECRETS.signing).toString('base64'),
  ];
  return forms.filter((s) => text.includes(s));
}

export function existingSecret(name: keyof typeof SECRET_NAMES, data: Record<string, string>, namespace = 'openfaas'): V1Secret {
  const s = secretManifest(SECRET_NAMES[name], namespace, data);
  s.metadata = { ...s.metadata, resourceVersion: '7' };
  return s;
}
