import { describe, expect, it } from 'vitest';
import { irsaServiceAccountManifest, secretManifest } from '../secrets/manifests.js';
import { SECRET_KEYS, SECRET_NAMES } from '../secrets/names.js';
import { privateRegistryConfig, serializeDockerConfig, ttlshConfig } from './dockerConfig.js';
import { ecrConfig } from './ecr.js';
import { recoverRegistryChoice } from './recover.js';

const registrySecret = (configJson: string, key: string = SECRET_KEYS.registry) =>
  secretManifest(SECRET_NAMES.registry, 'openfaas', { [key]: configJson });
const ROLE = 'arn:aws:iam::123456789012:role/pro-builder-push';

describe('recoverRegistryChoice', () => {
  it('says nothing without a registry-secret, or with one that is not a registry config', () => {
    expect(recoverRegistryChoice(undefined)).toBeUndefined();
    expect(recoverRegistryChoice(registrySecret('{"auths": {}}', 'other-key'))).toBeUndefined();
    expect(recoverRegistryChoice(registrySecret('not json'))).toBeUndefined();
  });

  it('recognises what the wizard itself writes for each choice', () => {
    expect(recoverRegistryChoice(registrySecret(serializeDockerConfig(ttlshConfig())))).toEqual({ kind: 'ttlsh' });
    expect(recoverRegistryChoice(registrySecret(serializeDockerConfig(privateRegistryConfig('ghcr.io', 'alice', 's3cr3t-token'))))).toEqual(
      {
        kind: 'private',
        server: 'ghcr.io',
        username: 'alice',
      },
    );
    const ecr = registrySecret(serializeDockerConfig(ecrConfig('123456789012', 'eu-west-1')));
    expect(recoverRegistryChoice(ecr)).toEqual({ kind: 'ecr', accountId: '123456789012', region: 'eu-west-1' });
    expect(recoverRegistryChoice(ecr, irsaServiceAccountManifest('openfaas', ROLE))).toEqual({
      kind: 'ecr-irsa',
      accountId: '123456789012',
      region: 'eu-west-1',
      roleArn: ROLE,
    });
    expect(recoverRegistryChoice(ecr, irsaServiceAccountManifest('openfaas', undefined))).toEqual({
      kind: 'ecr-pod-identity',
      accountId: '123456789012',
      region: 'eu-west-1',
    });
  });

  it('takes an imported config with several registries for an import, and reads a user name field', () => {
    const several = JSON.stringify({
      auths: { 'ghcr.io': { auth: Buffer.from('a:b').toString('base64') }, 'quay.io': { auth: Buffer.from('c:d').toString('base64') } },
    });
    expect(recoverRegistryChoice(registrySecret(several))).toEqual({ kind: 'docker-config' });
    const withField = JSON.stringify({ auths: { 'registry.example.com:5000': { username: 'bob', password: 'hunter2' } } });
    expect(recoverRegistryChoice(registrySecret(withField))).toEqual({
      kind: 'private',
      server: 'registry.example.com:5000',
      username: 'bob',
    });
  });

  it('never hands back a password, token or the encoded auth', () => {
    const recovered = recoverRegistryChoice(
      registrySecret(serializeDockerConfig(privateRegistryConfig('ghcr.io', 'alice', 's3cr3t-token'))),
    );
    const text = JSON.stringify(recovered);
    expect(text).not.toContain('s3cr3t-token');
    expect(text).not.toContain(Buffer.from('alice:s3cr3t-token').toString('base64'));
  });
});
