import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REFERENCE_CHART_README, referenceChartDir } from '../../../test/support/referenceData.js';
import { awsCredentialsKey, IRSA_SERVICE_ACCOUNT, SECRET_KEYS, SECRET_NAMES } from './names.js';

const chart = (version: string) => join(referenceChartDir(version), 'templates', 'deployment.yml');

describe('secret names and keys', () => {
  it('uses the key equal to the secret name for AWS credentials, also for a custom name', () => {
    expect(SECRET_KEYS.awsCredentials).toBe(SECRET_NAMES.awsCredentials);
    expect(awsCredentialsKey()).toBe('aws-ecr-credentials');
    expect(awsCredentialsKey('team-ecr')).toBe('team-ecr');
  });

  it('has no two roles sharing a secret name', () => {
    expect(new Set(Object.values(SECRET_NAMES)).size).toBe(Object.values(SECRET_NAMES).length);
  });

  it.runIf(existsSync(chart('0.4.19')) && existsSync(chart('0.6.10')))('matches what the reference charts mount', () => {
    const mtls = readFileSync(chart('0.4.19'), 'utf8');
    const socket = readFileSync(chart('0.6.10'), 'utf8');
    for (const t of [mtls, socket]) {
      for (const name of [SECRET_NAMES.license, SECRET_NAMES.registry, SECRET_NAMES.payload]) expect(t).toContain(`secretName: ${name}`);
      expect(t).toContain(`/var/secrets/license/${SECRET_KEYS.license}`);
      expect(t).toContain('mountPath: "/home/app/.docker/"'); // config.json lands where docker looks
      expect(t).toContain('AWS_SHARED_CREDENTIALS_FILE');
      expect(t).toContain('/var/secrets/aws-credentials/{{ .Values.awsCredentialsSecret }}');
    }
    for (const name of [SECRET_NAMES.daemonCerts, SECRET_NAMES.clientCerts]) expect(mtls).toContain(`secretName: ${name}`);
    for (const file of [...Object.values(SECRET_KEYS.daemonCerts), ...Object.values(SECRET_KEYS.clientCerts)]) {
      expect(mtls).toContain(`/var/secrets/certs/${file}`);
    }
    expect(socket).not.toContain(SECRET_NAMES.daemonCerts);
  });

  it.runIf(existsSync(REFERENCE_CHART_README))('uses the service account name of the README', () => {
    expect(readFileSync(REFERENCE_CHART_README, 'utf8')).toContain(`serviceAccount: ${IRSA_SERVICE_ACCOUNT}`);
  });
});
