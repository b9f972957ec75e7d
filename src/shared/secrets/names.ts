/** Secret names the pro-builder chart mounts (the AWS one is the default of awsCredentialsSecret). */
export const SECRET_NAMES = {
  license: 'openfaas-license',
  registry: 'registry-secret',
  payload: 'payload-secret',
  daemonCerts: 'buildkit-daemon-certs',
  clientCerts: 'buildkit-client-certs',
  awsCredentials: 'aws-ecr-credentials',
} as const;

export type SecretRole = keyof typeof SECRET_NAMES;

/** The key inside each secret, i.e. the file name the chart mounts it as. */
export const SECRET_KEYS = {
  /** Read as /var/secrets/license/license. */
  license: 'license',
  /** Mounted over /home/app/.docker/, so the key must be config.json. */
  registry: 'config.json',
  /** Mounted in /var/openfaas/secrets/. */
  payload: 'payload-secret',
  /** BuildKit daemon side of the mTLS pair (charts before the unix-socket versions). */
  daemonCerts: { ca: 'ca.crt', cert: 'server.crt', key: 'server.key' },
  /** pro-builder side of the mTLS pair. */
  clientCerts: { ca: 'ca.crt', cert: 'client.crt', key: 'client.key' },
  /**
   * The chart sets AWS_SHARED_CREDENTIALS_FILE=/var/secrets/aws-credentials/<secret name>, so the
   * key must equal the secret name; see awsCredentialsKey for a non-default name.
   */
  awsCredentials: SECRET_NAMES.awsCredentials,
} as const;

/** Key for the AWS credentials secret: the same as its name, whatever awsCredentialsSecret says. */
export function awsCredentialsKey(secretName: string = SECRET_NAMES.awsCredentials): string {
  return secretName;
}

/** The service account the IRSA role is bound to (values: serviceAccount). */
export const IRSA_SERVICE_ACCOUNT = 'pro-builder-ecr';
export const IRSA_ROLE_ANNOTATION = 'eks.amazonaws.com/role-arn';

export const PART_OF_LABEL = 'app.kubernetes.io/part-of';
export const PART_OF_VALUE = 'openfaas';
