import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { redactedManifests } from './manifests.js';
import { leakedTestSecrets, testPlan } from './plan.testkit.js';

describe('redactedManifests', () => {
  it('writes secrets with sizes instead of data, plus the values file', () => {
    const plan = testPlan({ cluster: { namespaceExists: false } });
    const files = redactedManifests(plan);
    expect(files.map((f) => f.name)).toEqual([
      'namespace-openfaas.yaml',
      'secret-openfaas-license.yaml',
      'secret-registry-secret.yaml',
      'secret-payload-secret.yaml',
      'custom-values.yaml',
    ]);
    const payload = parse(files.find((f) => f.name === 'secret-payload-secret.yaml')!.text) as Record<string, unknown>;
    expect(payload['stringData']).toEqual({ 'payload-secret': '<redacted: 48 bytes>' });
    expect(payload['data']).toBeUndefined();
    expect(files.find((f) => f.name.startsWith('secret-'))!.mode).toBe(0o600);
    expect(leakedTestSecrets(files.map((f) => f.text).join('\n'))).toEqual([]);
  });

  it('includes the IRSA service account with its role annotation', () => {
    const arn = 'arn:aws:iam::123456789012:role/pb';
    const plan = testPlan({ answers: { registry: { kind: 'ecr-irsa', accountId: '123456789012', region: 'eu-west-1', roleArn: arn } } });
    const sa = redactedManifests(plan).find((f) => f.name === 'serviceaccount-pro-builder-ecr.yaml');
    expect(sa?.text).toContain(arn);
  });
});
