import { describe, expect, it } from 'vitest';
import { parseArgs } from './args.js';
import { answersFromFlags, conflictingRegistryFlags, type FlagIo } from '../features/install/flags.js';

const io: FlagIo = { readFile: async () => Buffer.from('license'), homeDir: '/home/test', readStdin: async () => '' };

function installOptions(argv: string[]) {
  const parsed = parseArgs(argv);
  if (parsed.kind !== 'install') throw new Error(JSON.stringify(parsed));
  return parsed.options;
}

async function resolveFlags(argv: string[]) {
  return answersFromFlags(installOptions(['--license-file', '/etc/hostname', ...argv]), io);
}

const ROLE = 'arn:aws:iam::123456789012:role/pb';

/** An Amazon ECR registry in account 123456789012 whose pod assumes a role. */
function ecrRoleFlags(registry: 'ecr-irsa' | 'ecr-pod-identity', region: string, roleArn: string) {
  return ['--registry', registry, '--aws-account-id', '123456789012', '--aws-region', region, '--aws-role-arn', roleArn];
}

describe('answersFromFlags: values bound for helm and the disk', () => {
  it('refuses a chart that helm would read as an option, and a chart version that is not one', async () => {
    const r = await resolveFlags(['--registry', 'ttlsh', '--chart', '--post-renderer=/bin/sh', '--chart-version', '-1']);
    expect(r.answers).toBeUndefined();
    expect(r.invalid).toEqual([
      expect.stringMatching(/^--chart: The chart "--post-renderer=\/bin\/sh" starts with "-", so helm would read it as an option/),
      expect.stringMatching(/^--chart-version: The chart version "-1" is not a semantic version/),
    ]);
  });

  it('refuses output paths with control characters or beyond PATH_MAX, and accepts odd but legal ones', async () => {
    const bad = await resolveFlags(['--registry', 'ttlsh', '-o', 'out\u001b[2J', '-f', 'v'.repeat(5000)]);
    expect(bad.invalid).toEqual([
      expect.stringMatching(/^--output-dir: The output folder "out\\u\{1b\}\[2J" contains the control character/),
      expect.stringMatching(/^--values-file: The values file is 5000 characters long/),
    ]);
    const odd = await resolveFlags(['--registry', 'ttlsh', '-o', "out 'q' $(x); y", '-f', "values '1' & | ;.yaml"]);
    expect(odd.invalid).toEqual([]);
    expect(odd.answers?.outputDir).toMatch(/out 'q' \$\(x\); y$/);
    // helm's --values is a CSV list: a comma or a double quote would not reach it intact.
    const csv = await resolveFlags(['--registry', 'ttlsh', '-f', 'a,b.yaml']);
    expect(csv.invalid).toEqual([expect.stringMatching(/^--values-file: The values file "a,b\.yaml" contains "," or a double quote/)]);
  });
});

describe('answersFromFlags: ECR partitions', () => {
  it('refuses a role ARN of another partition than the region, naming the matching one', async () => {
    const r = await resolveFlags(ecrRoleFlags('ecr-irsa', 'cn-north-1', ROLE));
    expect(r.answers).toBeUndefined();
    expect(r.invalid).toEqual([
      '--aws-role-arn: The role ARN is in partition aws, but region cn-north-1 is in partition aws-cn; use a role ARN that starts with arn:aws-cn:iam::, or a region of aws.',
    ]);
  });

  it('accepts a matching pair, also in an isolated partition', async () => {
    const r = await resolveFlags(ecrRoleFlags('ecr-irsa', 'us-isob-east-1', 'arn:aws-iso-b:iam::123456789012:role/pb'));
    expect(r.invalid).toEqual([]);
    expect(r.answers?.registry).toMatchObject({ kind: 'ecr-irsa', region: 'us-isob-east-1' });
  });
});

describe('answersFromFlags: ECR with EKS Pod Identity', () => {
  const base = ecrRoleFlags('ecr-pod-identity', 'eu-west-1', ROLE);

  it('answers an ecr-irsa registry whose role comes from the association on the cluster named', async () => {
    const r = await resolveFlags([...base, '--eks-cluster-name', 'prod-eu']);
    expect(r.invalid).toEqual([]);
    expect(r.answers?.registry).toEqual({
      kind: 'ecr-irsa',
      accountId: '123456789012',
      region: 'eu-west-1',
      roleArn: ROLE,
      policyFile: undefined,
      podIdentity: { clusterName: 'prod-eu' },
    });
  });

  it('needs the cluster name, refuses an invalid one, and refuses it with another registry', async () => {
    expect((await resolveFlags(base)).missing.map((m) => m.flag)).toContain('--eks-cluster-name');
    expect((await resolveFlags([...base, '--eks-cluster-name', 'a;b'])).invalid).toEqual([
      expect.stringMatching(/^--eks-cluster-name: an EKS cluster name is 1-100 letters/),
    ]);
    const irsa = await resolveFlags([...ecrRoleFlags('ecr-irsa', 'eu-west-1', ROLE), '--eks-cluster-name', 'prod']);
    expect(irsa.invalid).toContain(
      '--eks-cluster-name only applies to --registry ecr-pod-identity, but --registry is ecr-irsa; leave one of them out.',
    );
  });
});

describe('conflictingRegistryFlags', () => {
  it('names a registry flag that --registry would silently ignore', async () => {
    const otherRegistries = ['--docker-config', '/x/config.json', '--aws-role-arn', 'arn:aws:iam::123456789012:role/x'];
    const r = await resolveFlags(['--registry', 'ttlsh', ...otherRegistries]);
    expect(r.answers).toBeUndefined();
    expect(r.invalid).toEqual([
      '--docker-config only applies to --registry private, but --registry is ttlsh; leave one of them out.',
      '--aws-role-arn only applies to --registry ecr-irsa or ecr-pod-identity, but --registry is ttlsh; leave one of them out.',
    ]);
  });

  it('has nothing to say when the flags fit, or when --registry is left to be inferred', () => {
    const ecr = ['--registry', 'ecr', '--aws-account-id', '123456789012', '--aws-region', 'eu-west-1'];
    expect(conflictingRegistryFlags(installOptions([...ecr, '--aws-credentials-file', 'c']))).toEqual([]);
    expect(conflictingRegistryFlags(installOptions(['--docker-config', 'c.json']))).toEqual([]);
  });
});
