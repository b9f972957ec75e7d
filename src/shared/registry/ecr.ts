import type { DockerConfig } from './types.js';

/** The helper name in credHelpers for amazon-ecr-credential-helper, which the pro-builder image ships. */
export const ECR_LOGIN_HELPER = 'ecr-login';

/** China regions live under amazonaws.com.cn; every other partition under amazonaws.com. */
export function ecrRegistryHost(accountId: string, region: string): string {
  const domain = region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
  return `${accountId}.dkr.ecr.${region}.${domain}`;
}

const ECR_HOST = /^(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?$/;

/** Account and region of an ECR registry host, or undefined when the host is not ECR. */
export function parseEcrHost(host: string): { accountId: string; region: string } | undefined {
  const m = ECR_HOST.exec(host.trim().toLowerCase().replace(/^https:\/\//, '').replace(/\/+$/, ''));
  return m ? { accountId: m[1] ?? '', region: m[2] ?? '' } : undefined;
}

/** credHelpers pointing the ECR host at the ecr-login helper: it fetches tokens as they expire. */
export function ecrConfig(accountId: string, region: string): DockerConfig {
  return { credHelpers: { [ecrRegistryHost(accountId, region)]: ECR_LOGIN_HELPER } };
}

export type AwsPartitionName = 'aws' | 'aws-cn' | 'aws-us-gov' | 'aws-iso' | 'aws-iso-b' | 'aws-iso-e' | 'aws-iso-f';

export function awsPartitionForRegion(region: string): AwsPartitionName {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (/^[a-z]+-isob-/.test(region)) return 'aws-iso-b';
  if (/^[a-z]+-isoe-/.test(region)) return 'aws-iso-e';
  if (/^[a-z]+-isof-/.test(region)) return 'aws-iso-f';
  if (/^[a-z]+-iso-/.test(region)) return 'aws-iso';
  return 'aws';
}
