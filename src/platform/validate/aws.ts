import { accept, quoteInput, readInput, reject, type Validation } from './result.js';

const ACCOUNT_GOOD = 'use the 12 digits of the account, like 123456789012';

/** 12 digits; the console's 1234-5678-9012 display form is accepted and normalised. */
export function validateAwsAccountId(raw: string): Validation<string> {
  const input = readInput(raw, { what: 'the AWS account id', goodValue: ACCOUNT_GOOD, maxLength: 64 });
  if (!input.ok) return input;
  const s = input.value;
  if (/^\d{12}$/.test(s)) return accept(s);
  if (/^\d{4}-\d{4}-\d{4}$/.test(s)) return accept(s.replaceAll('-', ''));
  if (/^\d+$/.test(s)) return reject(`The AWS account id has ${s.length} digits but must have exactly 12, like 123456789012.`);
  return reject(`The AWS account id ${quoteInput(s)} is not 12 digits; ${ACCOUNT_GOOD}.`);
}

const DIRECTIONS = 'north|south|east|west|central|northeast|northwest|southeast|southwest';
// <area>[-<partition or sub-area>]-<direction>-<number>: us-east-1, us-gov-west-1, cn-north-1,
// us-isob-east-1, eusc-de-east-1. A shape check, so regions AWS opens later are not refused.
const REGION = new RegExp(`^[a-z]{2,4}(?:-(?:gov|iso[a-z]?|[a-z]{2}))?-(?:${DIRECTIONS})-[1-9]\\d?$`);
const REGION_GOOD = 'use a region code like us-east-1, eu-central-2 or us-gov-west-1';

export function isAwsRegion(s: string): boolean {
  return REGION.test(s);
}

export function validateAwsRegion(raw: string): Validation<string> {
  const input = readInput(raw, { what: 'the AWS region', goodValue: REGION_GOOD, maxLength: 64 });
  if (!input.ok) return input;
  const s = input.value;
  if (REGION.test(s)) {
    if (awsPartitionOfRegion(s) === undefined) {
      return reject(`The AWS partition of region ${quoteInput(s)} is not known, so its ECR address cannot be worked out; ${REGION_GOOD}.`);
    }
    return accept(s);
  }
  const lower = s.toLowerCase();
  if (REGION.test(lower)) return reject(`The AWS region ${quoteInput(s)} must be lowercase: ${lower}.`);
  if (/[a-z]$/.test(lower) && REGION.test(lower.slice(0, -1))) {
    return reject(`${quoteInput(s)} is an availability zone, not a region; use the region ${lower.slice(0, -1)} instead.`);
  }
  if (new RegExp(`^[a-z]{2,4}(?:-[a-z]{2,4})?-(?:${DIRECTIONS})$`).test(lower)) {
    return reject(`The AWS region ${quoteInput(s)} has no number at the end; ${REGION_GOOD}.`);
  }
  return reject(`${quoteInput(s)} is not an AWS region code; ${REGION_GOOD}.`);
}

/**
 * Each AWS partition and the DNS suffix of its ECR registries: the suffixes the ECR credential
 * helper (amazon-ecr-credential-helper) accepts, so credHelpers entries built from them work.
 */
export const AWS_PARTITION_DOMAINS = {
  aws: 'amazonaws.com',
  'aws-cn': 'amazonaws.com.cn',
  'aws-us-gov': 'amazonaws.com',
  'aws-iso': 'c2s.ic.gov',
  'aws-iso-b': 'sc2s.sgov.gov',
  'aws-iso-e': 'cloud.adc-e.uk',
  'aws-iso-f': 'csp.hci.ic.gov',
  'aws-eusc': 'amazonaws.eu',
} as const;

export type AwsPartition = keyof typeof AWS_PARTITION_DOMAINS;
const PARTITIONS: readonly string[] = Object.keys(AWS_PARTITION_DOMAINS);

/**
 * The partition a region belongs to, from its name; undefined where that is not known for sure
 * (an isolated region of a letter this tool has not seen), so callers refuse rather than guess.
 */
export function awsPartitionOfRegion(region: string): AwsPartition | undefined {
  if (!REGION.test(region)) return undefined;
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('eusc-')) return 'aws-eusc';
  const iso = /^[a-z]+-iso([a-z]?)-/.exec(region);
  if (iso) return ({ '': 'aws-iso', b: 'aws-iso-b', e: 'aws-iso-e', f: 'aws-iso-f' } as const)[iso[1] as '' | 'b' | 'e' | 'f'];
  if (/^[a-z]+-[a-z]{2}-/.test(region) && !/^[a-z]+-(?:gov)-/.test(region)) {
    // Another sub-area (like "de" in eusc-de-east-1) under an area that is not known: not sure.
    return undefined;
  }
  return 'aws';
}

/** The role ARN's partition must be the region's: a role in aws cannot be assumed for ECR in aws-cn. */
export function checkArnMatchesRegion(arn: RoleArn, region: string): Validation<RoleArn> {
  const partition = awsPartitionOfRegion(region);
  if (partition === undefined) return reject(`The AWS partition of region ${quoteInput(region)} is not known; ${REGION_GOOD}.`);
  if (arn.partition === partition) return accept(arn);
  return reject(
    `The role ARN is in partition ${arn.partition}, but region ${region} is in partition ${partition}; use a role ARN that starts with arn:${partition}:iam::, or a region of ${arn.partition}.`,
  );
}

export interface RoleArn {
  /** The ARN as given, trimmed. */
  arn: string;
  partition: AwsPartition;
  accountId: string;
  /** IAM path, "/" when the role has none, otherwise like "/service-role/". */
  path: string;
  roleName: string;
}

const ARN_GOOD = 'use the role ARN from the IAM console, like arn:aws:iam::123456789012:role/pro-builder-ecr';
// IAM role names: letters, digits and + = , . @ _ -. IAM would allow more punctuation in paths,
// but nobody uses it and it would let shell metacharacters through, so paths use the same set.
const IAM_NAME = /^[\w+=,.@-]+$/;

export function validateRoleArn(raw: string): Validation<RoleArn> {
  const input = readInput(raw, { what: 'the IAM role ARN', goodValue: ARN_GOOD, maxLength: 2048 });
  if (!input.ok) return input;
  const arn = input.value;
  const parts = arn.split(':');
  if (parts.length !== 6 || parts[0] !== 'arn') {
    return reject(`${quoteInput(arn)} is not an ARN; ${ARN_GOOD}.`);
  }
  const [, partition = '', service = '', region = '', accountId = '', resource = ''] = parts;
  if (!PARTITIONS.includes(partition)) {
    return reject(`The ARN partition ${quoteInput(partition)} is not one of ${PARTITIONS.join(', ')}; ${ARN_GOOD}.`);
  }
  if (service !== 'iam') {
    const hint = service === 'sts' ? ' (an assumed-role session, not the role itself)' : '';
    return reject(`${quoteInput(arn)} is an ARN for ${quoteInput(service)}${hint}, not an IAM role; ${ARN_GOOD}.`);
  }
  if (region !== '') return reject(`An IAM role ARN has no region, but this one has ${quoteInput(region)}; ${ARN_GOOD}.`);
  if (!/^\d{12}$/.test(accountId)) {
    return reject(`The account id in the role ARN must be exactly 12 digits; ${ARN_GOOD}.`);
  }
  const slash = resource.indexOf('/');
  const type = slash === -1 ? resource : resource.slice(0, slash);
  if (type !== 'role') {
    return reject(`${quoteInput(arn)} names an IAM ${quoteInput(type)}, but IRSA needs a role; ${ARN_GOOD}.`);
  }
  const rest = resource.slice(slash + 1);
  const lastSlash = rest.lastIndexOf('/');
  const roleName = rest.slice(lastSlash + 1);
  const path = `/${rest.slice(0, lastSlash + 1)}`;
  if (roleName === '') return reject(`The role ARN has no role name after "role/"; ${ARN_GOOD}.`);
  if (roleName.length > 64) {
    return reject(`The role name in the ARN is ${roleName.length} characters long, but IAM allows at most 64.`);
  }
  if (!IAM_NAME.test(roleName)) {
    return reject(`The role name ${quoteInput(roleName)} may only hold letters, digits and + = , . @ _ -; ${ARN_GOOD}.`);
  }
  const segments = path === '/' ? [] : path.slice(1, -1).split('/');
  if (path.length > 512 || !segments.every((segment) => IAM_NAME.test(segment))) {
    return reject(`The role path ${quoteInput(path)} is not a valid IAM path; ${ARN_GOOD}.`);
  }
  return accept({ arn, partition: partition as AwsPartition, accountId, path, roleName });
}

// The access key id is not a secret, but someone may paste the secret key into its field, so
// neither validator ever repeats the input.
export function validateAwsAccessKeyId(raw: string): Validation<string> {
  const good = 'use the 20-character id that starts with AKIA (or ASIA for temporary keys)';
  const input = readInput(raw, { what: 'the AWS access key id', goodValue: good, maxLength: 256 });
  if (!input.ok) return input;
  const s = input.value;
  if (/^(?:AKIA|ASIA)[A-Z0-9]{16}$/.test(s)) return accept(s);
  if (s.length === 40 && /^[A-Za-z0-9+/]+$/.test(s)) {
    return reject(`That looks like a secret access key, not an access key id; ${good}.`);
  }
  if (!/^(?:AKIA|ASIA)/.test(s)) return reject(`The AWS access key id does not start with AKIA or ASIA; ${good}.`);
  if (s.length !== 20) return reject(`The AWS access key id is ${s.length} characters long; ${good}.`);
  return reject(`The AWS access key id may only hold capital letters and digits; ${good}.`);
}

export function validateAwsSecretAccessKey(raw: string): Validation<string> {
  const good = 'use the 40-character secret shown once when the access key was created';
  const input = readInput(raw, { what: 'the AWS secret access key', goodValue: good, maxLength: 256 });
  if (!input.ok) return input;
  const s = input.value;
  if (/^[A-Za-z0-9+/]{40}$/.test(s)) return accept(s);
  if (/^(?:AKIA|ASIA)[A-Z0-9]{16}$/.test(s)) {
    return reject(`That looks like an access key id, not the secret access key; ${good}.`);
  }
  if (s.length !== 40) return reject(`The AWS secret access key is ${s.length} characters long; ${good}.`);
  return reject(`The AWS secret access key holds characters other than letters, digits, + and /; ${good}.`);
}
