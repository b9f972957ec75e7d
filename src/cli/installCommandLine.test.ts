import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseArgs } from './args.js';
import type { InstallAnswers } from '../features/install/answers.js';
import {
  AWS_CREDENTIALS_FILE_PLACEHOLDER,
  equivalentArgs,
  equivalentCommandLine,
  INSTALL_FLAG_DEFAULTS,
  PASSWORD_FILE_PLACEHOLDER,
} from '../features/install/commandLine.js';
import { answersFromFlags, type FlagIo } from '../features/install/flags.js';
import { readFile } from 'node:fs/promises';

const PASSWORD = 'gh-token-Zq81xV0c'; // test value: must never be printed
const AWS_KEY_ID = 'AKIAABCDEFGHIJKLMNOP';
const AWS_SECRET = 'wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEYzz';
const LICENSE = 'eyJhbGciOi-license-body';

let dir: string;
let io: FlagIo;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pbs-cmdline-'));
  await writeFile(join(dir, 'LICENSE'), LICENSE);
  await writeFile(join(dir, 'password.txt'), `${PASSWORD}\n`);
  await writeFile(join(dir, 'aws.ini'), `[default]\naws_access_key_id = ${AWS_KEY_ID}\naws_secret_access_key = ${AWS_SECRET}\n`);
  await writeFile(
    join(dir, 'docker config.json'),
    JSON.stringify({ auths: { 'ghcr.io': { auth: Buffer.from(`me:${PASSWORD}`).toString('base64') } } }),
  );
  io = { readFile: (p) => readFile(p), homeDir: dir, readStdin: async () => '' };
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function answers(over: Partial<InstallAnswers> = {}): InstallAnswers {
  return {
    namespace: 'openfaas',
    release: 'pro-builder',
    registry: { kind: 'ttlsh' },
    rotateSigningSecret: false,
    buildkitMode: 'rootless',
    valuesFile: join(dir, 'custom-values.yaml'),
    outputDir: dir,
    chart: 'openfaas/pro-builder',
    timeoutMs: 5 * 60_000,
    skipRepoAdd: false,
    chartRepo: 'https://openfaas.github.io/faas-netes/',
    ...over,
  };
}

/** flags.ts keeps file paths as given (relative here); compare them resolved. */
function resolved(a: InstallAnswers | undefined): InstallAnswers | undefined {
  if (!a) return a;
  const registry = a.registry.kind === 'docker-config' ? { ...a.registry, path: resolve(dir, a.registry.path) } : a.registry;
  // flags.ts also leaves its registryKind hint on complete answers; it is not an answer.
  const { registryKind: _hint, ...rest } = a as InstallAnswers & { registryKind?: string };
  return { ...rest, registry, licensePath: a.licensePath === undefined ? undefined : resolve(dir, a.licensePath) };
}

/** Parses the printed flags back and resolves them as the non-interactive install would. */
async function roundTrip(args: string[]) {
  const parsed = parseArgs(args);
  if (parsed.kind !== 'install') throw new Error(`did not parse: ${JSON.stringify(parsed)}`);
  const cwd = process.cwd();
  process.chdir(dir);
  try {
    return await answersFromFlags(parsed.options, io);
  } finally {
    process.chdir(cwd);
  }
}

describe('equivalentCommandLine', () => {
  it('the defaults it leaves out are the parser’s defaults', () => {
    const parsed = parseArgs(['install']);
    if (parsed.kind !== 'install') throw new Error('install did not parse');
    const o = parsed.options;
    expect({
      namespace: o.namespace,
      release: o.release,
      chart: o.chart,
      timeout: o.timeout,
      valuesFile: o.valuesFile,
      outputDir: o.outputDir,
    }).toEqual(INSTALL_FLAG_DEFAULTS);
  });

  it('prints only what differs from the defaults, one flag per line, ending in --yes', () => {
    const line = equivalentCommandLine(answers(), { cwd: dir });
    expect(line.split(' \\\n    ')).toEqual(['probuilder-setup install', '--registry ttlsh', '--buildkit-mode rootless', '--yes']);
  });

  it('refers to a typed registry password by a placeholder file, never inlining it', () => {
    const line = equivalentCommandLine(
      answers({ registry: { kind: 'private', server: 'ghcr.io', username: 'octo', password: PASSWORD } }),
      { cwd: dir },
    );
    expect(line).toContain(`--registry-password-file ${PASSWORD_FILE_PLACEHOLDER}`);
    expect(line).toContain('--registry-server ghcr.io');
    expect(line).not.toContain(PASSWORD);
    expect(line).not.toContain(Buffer.from(`octo:${PASSWORD}`).toString('base64'));
  });

  it('refers to AWS keys by file and never prints either key', () => {
    const ini = `[default]\naws_access_key_id = ${AWS_KEY_ID}\naws_secret_access_key = ${AWS_SECRET}\n`;
    const typed = equivalentCommandLine(
      answers({ registry: { kind: 'ecr', accountId: '123456789012', region: 'eu-west-1', credentialsIni: ini } }),
    );
    expect(typed).toContain(`--aws-credentials-file ${AWS_CREDENTIALS_FILE_PLACEHOLDER}`);
    for (const secret of [AWS_SECRET, AWS_KEY_ID]) expect(typed).not.toContain(secret);
  });

  it('never prints the license, only its path', () => {
    const line = equivalentCommandLine(answers({ licensePath: join(dir, 'LICENSE'), license: Buffer.from(LICENSE) }), { cwd: dir });
    expect(line).toContain('--license-file LICENSE');
    expect(line).not.toContain(LICENSE);
  });

  it('shell-quotes values with spaces and shows paths outside cwd in full', () => {
    const line = equivalentCommandLine(
      answers({ registry: { kind: 'docker-config', path: join(dir, 'docker config.json'), text: '{}' } }),
      { cwd: '/elsewhere' },
    );
    expect(line).toContain(`--docker-config '${join(dir, 'docker config.json')}'`);
    expect(line).toContain(`--output-dir ${dir}`);
  });
});

describe('equivalentArgs round trip', () => {
  it('a private registry with a password file gives back the same answers', async () => {
    const a = answers({
      namespace: 'builders',
      release: 'pb',
      licensePath: join(dir, 'LICENSE'),
      license: Buffer.from(LICENSE),
      registry: { kind: 'private', server: 'ghcr.io', username: 'octo', password: PASSWORD },
      rotateSigningSecret: true,
      buildkitMode: 'root',
      maxInflight: 4,
      replicas: 2,
      buildkitCpu: '500m',
      buildkitMemory: '2Gi',
      chartVersion: '0.6.10',
      chartRepo: 'http://127.0.0.1:8879/charts/',
      timeoutMs: 90_000,
      skipRepoAdd: true,
    });
    const back = await roundTrip(equivalentArgs(a, { cwd: dir, registryPasswordFile: 'password.txt' }));
    expect(back.invalid).toEqual([]);
    expect(back.missing).toEqual([]);
    expect(resolved(back.answers)).toEqual(a);
  });

  it('ECR with a credentials file, IRSA and an imported docker config survive the round trip', async () => {
    const ini = `[default]\naws_access_key_id = ${AWS_KEY_ID}\naws_secret_access_key = ${AWS_SECRET}\n`;
    const cases: [InstallAnswers, Parameters<typeof equivalentArgs>[1]][] = [
      [
        answers({ registry: { kind: 'ecr', accountId: '123456789012', region: 'eu-west-1', credentialsIni: ini } }),
        { cwd: dir, awsCredentialsFile: join(dir, 'aws.ini') },
      ],
      [
        answers({
          registry: {
            kind: 'ecr-irsa',
            accountId: '123456789012',
            region: 'us-east-1',
            roleArn: 'arn:aws:iam::123456789012:role/pb',
            policyFile: join(dir, 'policy.json'),
          },
        }),
        { cwd: dir },
      ],
      [
        answers({
          registry: {
            kind: 'ecr-irsa',
            accountId: '123456789012',
            region: 'eu-west-1',
            roleArn: 'arn:aws:iam::123456789012:role/pb',
            policyFile: undefined,
            podIdentity: { clusterName: 'prod-eu' },
          },
        }),
        { cwd: dir },
      ],
    ];
    const dockerText = await readFile(join(dir, 'docker config.json'), 'utf8');
    cases.push([answers({ registry: { kind: 'docker-config', path: join(dir, 'docker config.json'), text: dockerText } }), { cwd: dir }]);
    for (const [a, opts] of cases) {
      const back = await roundTrip(equivalentArgs(a, opts));
      expect(back.invalid).toEqual([]);
      expect(resolved(back.answers)?.registry).toEqual(a.registry);
    }
  });

  it('passes the cluster selection through', () => {
    const args = equivalentArgs(answers(), { kubeconfig: '/k/config', context: 'prod' });
    const parsed = parseArgs(args);
    expect(parsed.kind === 'install' && [parsed.options.kubeconfig, parsed.options.context, parsed.options.yes]).toEqual([
      '/k/config',
      'prod',
      true,
    ]);
  });
});
