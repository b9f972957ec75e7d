import type { RegistryKind } from '../registry/kinds.js';
import { ChartError } from './errors.js';
import { GENERATION_TRAITS } from './generations.js';
import { SECRET_NAMES } from './secretNames.js';
import { chartTraits } from './traits.js';
import type { ChartGeneration } from './version.js';

export interface RequiredSecret {
  name: string;
  /** Data keys the containers read: a missing key means a missing file inside the Pod. */
  keys: readonly string[];
  purpose: string;
}

export interface RequiredSecretsOptions {
  registryKind: RegistryKind;
  /** Value of `awsCredentialsSecret`: the template mounts it and reads the key of the same name. */
  awsCredentialsSecret?: string;
  /** Value of `buildSecrets.privateKeySecret` (socket generation only). */
  buildSecretsKeySecret?: string;
  /** Value of `buildSecrets.privateKeyKey`; without it, the chart's default (private.key in 0.6.7, key from 0.6.8). */
  buildSecretsKeyKey?: string;
  /** The chart's version: build secrets arrived in 0.6.7, within the socket generation. */
  chartVersion?: string;
}

const CERT_SECRETS: Readonly<Record<string, RequiredSecret>> = {
  [SECRET_NAMES.clientCerts]: {
    name: SECRET_NAMES.clientCerts,
    keys: ['ca.crt', 'client.crt', 'client.key'],
    purpose: 'TLS client certificate pro-builder presents to BuildKit',
  },
  [SECRET_NAMES.daemonCerts]: {
    name: SECRET_NAMES.daemonCerts,
    keys: ['ca.crt', 'server.crt', 'server.key'],
    purpose: 'TLS server certificate of the BuildKit daemon',
  },
};

/**
 * The secrets the chart's Deployment will mount, so they can be created (or checked) before helm
 * runs: a Pod whose secret volume is missing never starts.
 */
export function requiredSecrets(generation: ChartGeneration, opts: RequiredSecretsOptions): RequiredSecret[] {
  if (opts.registryKind === 'ecr' && !opts.awsCredentialsSecret) {
    throw new ChartError(
      'Pushing to ECR with a shared credentials file needs awsCredentialsSecret, so the chart mounts the credentials.',
      `Set awsCredentialsSecret (e.g. ${SECRET_NAMES.awsCredentials}), or use the ecr-irsa registry kind.`,
    );
  }
  const traits = GENERATION_TRAITS[generation];
  const secrets: RequiredSecret[] = [
    { name: SECRET_NAMES.license, keys: ['license'], purpose: 'OpenFaaS Pro license' },
    { name: SECRET_NAMES.registry, keys: ['config.json'], purpose: 'registry credentials used to push images' },
    { name: SECRET_NAMES.payload, keys: ['payload-secret'], purpose: 'HMAC secret that signs build requests' },
  ];
  for (const name of traits.certSecrets) {
    const cert = CERT_SECRETS[name];
    if (cert) secrets.push(cert);
  }
  if (opts.awsCredentialsSecret) {
    secrets.push({
      name: opts.awsCredentialsSecret,
      keys: [opts.awsCredentialsSecret],
      purpose: 'AWS shared credentials file for pushing to ECR',
    });
  }
  if (opts.buildSecretsKeySecret) {
    const versionTraits = opts.chartVersion === undefined ? undefined : chartTraits(opts.chartVersion);
    if (!traits.supportsBuildSecrets || (versionTraits && !versionTraits.features.buildSecrets)) {
      throw new ChartError('Build secrets need pro-builder chart 0.6.7 or newer.', 'Install a newer chart, or turn build secrets off.');
    }
    secrets.push({
      name: opts.buildSecretsKeySecret,
      keys: [opts.buildSecretsKeyKey ?? versionTraits?.buildSecretsKeyDefault ?? 'key'],
      purpose: 'nacl/box private key that opens sealed build secrets',
    });
  }
  return secrets;
}
