import { describe, expect, it } from 'vitest';
import { ChartError } from './errors.js';
import { MISSING_REASON, MTLS_CHART, SOCKET_CHART, type ReferenceChart } from './referenceCharts.testkit.js';
import { requiredSecrets } from './requiredSecrets.js';
import { SECRET_NAMES } from './secretNames.js';
import type { ChartGeneration } from './version.js';

/** secretName values in a template: fixed names, and the .Values keys of templated ones. */
function templateSecretNames(template: string) {
  const fixed = new Set<string>();
  const fromValues = new Set<string>();
  for (const m of template.matchAll(/secretName:\s*(.+)/g)) {
    const raw = m[1]!.trim();
    const ref = /\{\{\s*\.Values\.([\w.]+)\s*\}\}/.exec(raw);
    if (ref) fromValues.add(ref[1]!);
    else fixed.add(raw.replace(/^["']|["']$/g, ''));
  }
  return { fixed, fromValues };
}

const names = (gen: ChartGeneration, opts: Parameters<typeof requiredSecrets>[1]) => requiredSecrets(gen, opts).map((s) => s.name);

describe('requiredSecrets', () => {
  it('needs the cert secrets only for the mtls generation', () => {
    expect(names('mtls', { registryKind: 'ttlsh' })).toEqual(expect.arrayContaining([SECRET_NAMES.clientCerts, SECRET_NAMES.daemonCerts]));
    const socket = names('socket', { registryKind: 'private' });
    expect(socket).not.toContain(SECRET_NAMES.clientCerts);
    expect(socket).not.toContain(SECRET_NAMES.daemonCerts);
    expect(socket).toEqual(expect.arrayContaining([SECRET_NAMES.license, SECRET_NAMES.registry, SECRET_NAMES.payload]));
  });

  it('adds the AWS credentials secret under the name values give it, read from the key of the same name', () => {
    const aws = requiredSecrets('socket', { registryKind: 'ecr', awsCredentialsSecret: 'my-aws' }).find((s) => s.name === 'my-aws');
    expect(aws?.keys).toEqual(['my-aws']);
    expect(names('socket', { registryKind: 'ecr-irsa' })).not.toContain(SECRET_NAMES.awsCredentials);
  });

  it('refuses ECR with a shared credentials file but no credentials secret', () => {
    expect(() => requiredSecrets('mtls', { registryKind: 'ecr' })).toThrow(ChartError);
  });

  it('adds the build-secrets key only where the chart supports it', () => {
    const key = requiredSecrets('socket', { registryKind: 'ttlsh', buildSecretsKeySecret: 'bs', buildSecretsKeyKey: 'k' }).find(
      (s) => s.name === 'bs',
    );
    expect(key?.keys).toEqual(['k']);
    expect(() => requiredSecrets('mtls', { registryKind: 'ttlsh', buildSecretsKeySecret: 'bs' })).toThrow('0.6.7 or newer');
    expect(() => requiredSecrets('socket', { registryKind: 'ttlsh', buildSecretsKeySecret: 'bs', chartVersion: '0.6.6' })).toThrow(
      '0.6.7 or newer',
    );
  });

  it("mounts the build-secrets key under the chart's default key: private.key on 0.6.7, key from 0.6.8", () => {
    const keyOf = (chartVersion: string) =>
      requiredSecrets('socket', { registryKind: 'ttlsh', buildSecretsKeySecret: 'bs', chartVersion }).find((s) => s.name === 'bs')?.keys;
    expect(keyOf('0.6.7')).toEqual(['private.key']);
    expect(keyOf('0.6.8')).toEqual(['key']);
    expect(keyOf('0.6.10')).toEqual(['key']);
  });

  const cases: [ReferenceChart, ChartGeneration][] = [
    [MTLS_CHART, 'mtls'],
    [SOCKET_CHART, 'socket'],
  ];
  for (const [chart, generation] of cases) {
    describe.skipIf(!chart.present)(
      `against the real ${chart.version} template${chart.present ? '' : ` (skipped: ${MISSING_REASON})`}`,
      () => {
        it('lists exactly the secrets the Deployment mounts by fixed name', () => {
          const { fixed } = templateSecretNames(chart.deployment());
          expect(new Set(names(generation, { registryKind: 'ttlsh' }))).toEqual(fixed);
        });

        it('mounts the optional secrets from the values keys it is given', () => {
          const { fromValues } = templateSecretNames(chart.deployment());
          const expected = generation === 'socket' ? ['awsCredentialsSecret', 'buildSecrets.privateKeySecret'] : ['awsCredentialsSecret'];
          expect([...fromValues].sort()).toEqual(expected.sort());
        });

        it('expects the key files the containers are pointed at', () => {
          const template = chart.deployment();
          for (const secret of requiredSecrets(generation, { registryKind: 'ttlsh' })) {
            if (secret.name === SECRET_NAMES.registry) expect(template).toContain('/home/app/.docker/');
            else if (secret.name === SECRET_NAMES.license) expect(template).toContain(`/var/secrets/license/${secret.keys[0]}`);
            else if (secret.name === SECRET_NAMES.payload) expect(secret.keys).toEqual(['payload-secret']);
            else for (const key of secret.keys) expect(template).toContain(`/var/secrets/certs/${key}`);
          }
        });
      },
    );
  }
});
