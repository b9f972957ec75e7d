import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { awsPartitionForRegion, ecrConfig, ecrRegistryHost, parseEcrHost } from './ecr.js';

describe('ECR hosts', () => {
  it('builds <account>.dkr.ecr.<region>.amazonaws.com, with .cn for China regions', () => {
    expect(ecrRegistryHost('123456789012', 'us-east-1')).toBe('123456789012.dkr.ecr.us-east-1.amazonaws.com');
    expect(ecrRegistryHost('123456789012', 'cn-northwest-1')).toBe('123456789012.dkr.ecr.cn-northwest-1.amazonaws.com.cn');
  });

  it('points the host at the ecr-login helper', () => {
    expect(ecrConfig('123456789012', 'eu-west-1')).toEqual({
      credHelpers: { '123456789012.dkr.ecr.eu-west-1.amazonaws.com': 'ecr-login' },
    });
  });

  it('parses account and region back from a host, with or without https:// and slash', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^\d{12}$/),
        fc.constantFrom('us-east-1', 'cn-north-1', 'us-gov-west-1', 'ap-southeast-5'),
        (acct, region) => {
          expect(parseEcrHost(ecrRegistryHost(acct, region))).toEqual({ accountId: acct, region });
          expect(parseEcrHost(`https://${ecrRegistryHost(acct, region)}/`)).toEqual({ accountId: acct, region });
        },
      ),
    );
    expect(parseEcrHost('ghcr.io')).toBeUndefined();
    expect(parseEcrHost('123.dkr.ecr.us-east-1.amazonaws.com')).toBeUndefined();
  });

  it('maps regions to partitions', () => {
    expect(awsPartitionForRegion('eu-west-1')).toBe('aws');
    expect(awsPartitionForRegion('cn-north-1')).toBe('aws-cn');
    expect(awsPartitionForRegion('us-gov-east-1')).toBe('aws-us-gov');
    expect(awsPartitionForRegion('us-iso-east-1')).toBe('aws-iso');
    expect(awsPartitionForRegion('us-isob-east-1')).toBe('aws-iso-b');
  });
});

describe('ECR in every partition the credential helper accepts', () => {
  it.each([
    ['us-east-1', 'amazonaws.com'],
    ['us-gov-east-1', 'amazonaws.com'],
    ['cn-north-1', 'amazonaws.com.cn'],
    ['eusc-de-east-1', 'amazonaws.eu'],
    ['us-iso-east-1', 'c2s.ic.gov'],
    ['us-isob-east-1', 'sc2s.sgov.gov'],
    ['eu-isoe-west-1', 'cloud.adc-e.uk'],
    ['us-isof-south-1', 'csp.hci.ic.gov'],
  ])('%s → *.%s, and the host parses back', (region, domain) => {
    const host = ecrRegistryHost('123456789012', region);
    expect(host).toBe(`123456789012.dkr.ecr.${region}.${domain}`);
    expect(parseEcrHost(host)).toEqual({ accountId: '123456789012', region });
  });

  it('does not take another domain for ECR', () => {
    expect(parseEcrHost('123456789012.dkr.ecr.us-east-1.example.com')).toBeUndefined();
  });
});
