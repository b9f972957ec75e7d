/**
 * Secret names the pro-builder chart mounts by fixed name (the aws and build-secrets ones are the
 * README's conventional names; the chart takes those two from values).
 *
 * Temporary home: src/secrets/ is meant to own SECRET_NAMES; these must then be merged into it.
 */
export const SECRET_NAMES = {
  license: 'openfaas-license',
  registry: 'registry-secret',
  payload: 'payload-secret',
  daemonCerts: 'buildkit-daemon-certs',
  clientCerts: 'buildkit-client-certs',
  awsCredentials: 'aws-ecr-credentials',
  buildSecretsKey: 'pro-builder-build-secrets-key',
} as const;
