import { describe, expect, it } from 'vitest';
import { podIdentityAssociationCommand, podIdentityTrustPolicy, validateEksClusterName } from './podIdentity.js';

describe('EKS Pod Identity', () => {
  it('prints the association command with every part quoted where a shell would read it otherwise', () => {
    expect(
      podIdentityAssociationCommand({
        clusterName: 'prod',
        namespace: 'openfaas',
        serviceAccount: 'pro-builder-ecr',
        roleArn: 'arn:aws:iam::123456789012:role/pro-builder-ecr',
        region: 'eu-west-1',
      }),
    ).toBe(
      'aws eks create-pod-identity-association --cluster-name prod --namespace openfaas --service-account pro-builder-ecr --role-arn arn:aws:iam::123456789012:role/pro-builder-ecr --region eu-west-1',
    );
    expect(
      podIdentityAssociationCommand({
        clusterName: 'a;b',
        namespace: 'openfaas',
        serviceAccount: 'pro-builder-ecr',
        roleArn: 'arn:aws:iam::123456789012:role/x',
        region: 'eu-west-1',
      }),
    ).toContain("--cluster-name 'a;b'");
  });

  it('trusts pods.eks.amazonaws.com to assume and tag', () => {
    expect(podIdentityTrustPolicy().Statement[0]).toEqual({
      Effect: 'Allow',
      Principal: { Service: 'pods.eks.amazonaws.com' },
      Action: ['sts:AssumeRole', 'sts:TagSession'],
    });
  });

  it('validates cluster names', () => {
    expect(validateEksClusterName(' prod-eu_1 ')).toEqual({ ok: true, value: 'prod-eu_1' });
    expect(validateEksClusterName('-x').ok).toBe(false);
    expect(validateEksClusterName('a b').ok).toBe(false);
    expect(validateEksClusterName('').ok).toBe(false);
  });
});
