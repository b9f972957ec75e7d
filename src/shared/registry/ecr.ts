import { AWS_PARTITION_DOMAINS, awsPartitionOfRegion, type AwsPartition } from '../../platform/validate/aws.js';
import type { DockerConfig } from './types.js';

/** The helper name in credHelpers for amazon-ecr-credential-helper, which the pro-builder image ships. */
export const ECR_LOGIN_HELPER = 'ecr-login';

/** The registry host in the region's partition (validateAwsRegion refuses a region whose partition is not known). */
export function ecrRegistryHost(accountId: string, region: string): string {
  const partition = awsPartitionOfRegion(region);
  if (!partition) throw new Error(`internal: region ${region} has no known AWS partition`);
  return `${accountId}.dkr.ecr.${region}.${AWS_PARTITION_DOMAINS[partition]}`;
}

// The hosts amazon-ecr-credential-helper accepts, in every partition.
const ECR_HOST =
  /^(\d{12})\.dkr[.-]ecr(?:-fips)?\.([a-z0-9][a-z0-9-_]*)\.(amazonaws\.com(?:\.cn)?|sc2s\.sgov\.gov|c2s\.ic\.gov|cloud\.adc-e\.uk|csp\.hci\.ic\.gov|amazonaws\.eu)$/;

/** Account and region of an ECR registry host, or undefined when the host is not ECR. */
export function parseEcrHost(host: string): { accountId: string; region: string } | undefined {
  const m = ECR_HOST.exec(
    host
      .trim()
      .toLowerCase()
      .replace(/^https:\/\//, '')
      .replace(/\/+$/, ''),
  );
  return m ? { accountId: m[1] ?? '', region: m[2] ?? '' } : undefined;
}

/** credHelpers pointing the ECR host at the ecr-login helper: it fetches tokens as they expire. */
export function ecrConfig(accountId: string, region: string): DockerConfig {
  return { credHelpers: { [ecrRegistryHost(accountId, region)]: ECR_LOGIN_HELPER } };
}

export type AwsPartitionName = AwsPartition;

export function awsPartitionForRegion(region: string): AwsPartitionName {
  const partition = awsPartitionOfRegion(region);
  if (!partition) throw new Error(`internal: region ${region} has no known AWS partition`);
  return partition;
}
