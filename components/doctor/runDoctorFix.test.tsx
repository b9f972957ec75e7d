import { describe, expect, it } from 'vitest';
import type { DoctorOptions } from '../../src/cli/args.js';
import { fixFlagProblems } from './runDoctorFix.js';

const base: DoctorOptions = {
  output: 'tui',
  release: 'pro-builder',
  namespace: 'openfaas',
  yes: false,
  dryRun: false,
  debug: false,
  color: false,
  fix: true,
  outputDir: '.',
  valuesFile: 'custom-values.yaml',
};

describe('fixFlagProblems', () => {
  it.each([
    ['the defaults', {}, []],
    ['several clusters', { contexts: 'a,b' }, [/^--fix works on one cluster/]],
    ['--wait', { wait: '2m' }, [/^--fix re-checks by itself/]],
    ['--build', { build: true }, [/^--fix and --build cannot be combined/]],
    ['a role ARN that is not one', { awsRoleArn: 'role/x' }, [/^--aws-role-arn: /]],
    ['a chart repository that is not http(s)', { chartRepo: 'file:///etc' }, [/^--chart-repo: .*not http or https/]],
    ['a chart version that is not one', { chartVersion: 'latest-ish' }, [/^--chart-version: /]],
    [
      'a usable role, repository and version',
      { awsRoleArn: 'arn:aws:iam::123456789012:role/r', chartRepo: 'http://127.0.0.1:8879/', chartVersion: '0.4.19' },
      [],
    ],
  ] as const)('%s', (_name, over, expected) => {
    const problems = fixFlagProblems({ ...base, ...over } as DoctorOptions);
    expect(problems).toHaveLength(expected.length);
    expected.forEach((re, i) => expect(problems[i]).toMatch(re));
  });
});
