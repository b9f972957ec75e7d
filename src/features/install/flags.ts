import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { InstallOptions } from './options.js';
import type { RegistryKind } from '../../shared/registry/kinds.js';
import {
  expandHome,
  parseDuration,
  validateAwsAccountId,
  validateAwsRegion,
  validateChartReference,
  validateChartRepoUrl,
  validateChartVersion,
  validateNamespace,
  validateHelmValuesPath,
  validateOutputPath,
  validateQuantity,
  validateReadableFile,
  validateRegistryPassword,
  validateRegistryServer,
  validateRegistryUsername,
  validateReleaseName,
  validateRoleArn,
} from '../../platform/validate/index.js';
import { checkArnMatchesRegion } from '../../platform/validate/aws.js';
import { analyzeDockerConfig, ecrRegistryHost, parseAwsCredentialsIni } from '../../shared/registry/index.js';
import type { InstallAnswers } from './answers.js';
import type { RegistryAnswer } from '../../shared/registry/answer.js';
import { validateEksClusterName } from '../../shared/registry/podIdentity.js';

export interface FlagIo {
  readFile(path: string): Promise<Buffer>;
  homeDir: string;
  /** Reads all of stdin, for `--registry-password-file -`. */
  readStdin(): Promise<string>;
}

export const nodeFlagIo: FlagIo = {
  readFile: (p) => readFile(p),
  homeDir: homedir(),
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  },
};

/** A flag the user must still give (non-interactive) or a question the wizard must still ask. */
export interface MissingAnswer {
  flag: string;
  question: string;
}

export interface FlagResolution {
  /** Set when every answer is known and valid. */
  answers?: InstallAnswers;
  /** Partial answers for the wizard to pre-fill. */
  partial: Partial<InstallAnswers> & { registryKind?: RegistryAnswer['kind'] | RegistryKind };
  missing: MissingAnswer[];
  /** One plain sentence per invalid flag. */
  invalid: string[];
}

export function defaultLicensePath(homeDir: string): string {
  return join(homeDir, '.openfaas', 'LICENSE');
}

/** Strips one trailing newline: a password file written by `echo` must not carry it into the auth. */
function chompNewline(s: string): string {
  return s.replace(/\r?\n$/, '');
}

/**
 * Turns install flags into answers, validating each one before anything touches the cluster.
 * Never throws for bad input: every problem becomes a sentence in `invalid` or an entry in `missing`.
 */
export async function answersFromFlags(o: InstallOptions, io: FlagIo = nodeFlagIo): Promise<FlagResolution> {
  const missing: MissingAnswer[] = [];
  const invalid: string[] = [];
  const partial: FlagResolution['partial'] = {};
  const need = (flag: string, question: string) => missing.push({ flag, question });

  const readChecked = async (raw: string, what: string): Promise<{ path: string; data: Buffer } | undefined> => {
    const v = await validateReadableFile(raw, undefined, { what, homeDir: io.homeDir });
    if (!v.ok) {
      invalid.push(v.message);
      return undefined;
    }
    try {
      return { path: v.value.path, data: await io.readFile(v.value.path) };
    } catch (e) {
      invalid.push(
        `${what[0]!.toUpperCase()}${what.slice(1)} ${v.value.path} could not be read (${(e as NodeJS.ErrnoException).code ?? 'error'}).`,
      );
      return undefined;
    }
  };

  const ns = validateNamespace(o.namespace);
  if (!ns.ok) invalid.push(`--namespace: ${ns.message}`);
  else partial.namespace = ns.value;
  const rel = validateReleaseName(o.release);
  if (!rel.ok) invalid.push(`--release: ${rel.message}`);
  else partial.release = rel.value;
  const timeout = parseDuration(o.timeout);
  if (!timeout.ok) invalid.push(`--timeout: ${timeout.message}`);
  else partial.timeoutMs = timeout.value;
  // Values that become helm arguments or paths to write: checked here so a hostile or garbled
  // one is a usage error (exit 2) with one sentence, never a failure halfway through the install.
  const chart = validateChartReference(o.chart);
  if (!chart.ok) invalid.push(`--chart: ${chart.message}`);
  if (o.chartRepo !== undefined) {
    const repo = validateChartRepoUrl(o.chartRepo);
    if (!repo.ok) invalid.push(`--chart-repo: ${repo.message}`);
  }
  if (o.chartVersion !== undefined) {
    const version = validateChartVersion(o.chartVersion);
    if (!version.ok) invalid.push(`--chart-version: ${version.message}`);
  }
  const outputDir = validateOutputPath(o.outputDir, 'the output folder');
  if (!outputDir.ok) invalid.push(`--output-dir: ${outputDir.message}`);
  // helm reads --values as a CSV list, so this path has one more rule than the others.
  const valuesFile = validateHelmValuesPath(o.valuesFile);
  if (!valuesFile.ok) invalid.push(`--values-file: ${valuesFile.message}`);
  for (const [flag, what, value] of [
    ['--iam-policy-file', 'the IAM policy file', o.iamPolicyFile],
    ['--write-manifests', 'the manifests folder', o.writeManifests],
  ] as const) {
    if (value === undefined) continue;
    const path = validateOutputPath(value, what);
    if (!path.ok) invalid.push(`${flag}: ${path.message}`);
  }
  for (const [flag, kind, value] of [
    ['--buildkit-cpu', 'cpu', o.buildkitCpu],
    ['--buildkit-memory', 'memory', o.buildkitMemory],
  ] as const) {
    if (value === undefined) continue;
    const q = validateQuantity(kind, value);
    if (!q.ok) invalid.push(`${flag}: ${q.message}`);
  }

  // License: the default path is tried quietly; a missing default is only a problem when the cluster
  // has no openfaas-license either, which the caller knows after reading the cluster.
  const licenseRaw = o.licenseFile ?? defaultLicensePath(io.homeDir);
  if (o.licenseFile) {
    const lic = await readChecked(o.licenseFile, 'the license file');
    if (lic) Object.assign(partial, { licensePath: lic.path, license: lic.data });
  } else {
    const lic = await io.readFile(licenseRaw).catch(() => undefined);
    if (lic && lic.length > 0) Object.assign(partial, { licensePath: licenseRaw, license: lic });
  }

  invalid.push(...conflictingRegistryFlags(o));
  const registry = await registryFromFlags(o, io, need, invalid, readChecked);
  partial.registryKind = o.registry ?? (o.dockerConfig ? 'private' : undefined);
  if (registry) partial.registry = registry;

  Object.assign(partial, {
    rotateSigningSecret: o.rotateSigningSecret,
    buildkitMode: o.buildkitMode ?? 'rootless',
    maxInflight: o.maxInflight,
    replicas: o.replicas,
    buildkitCpu: o.buildkitCpu,
    buildkitMemory: o.buildkitMemory,
    valuesFile: resolve(expandHome(o.valuesFile, io.homeDir)),
    outputDir: resolve(expandHome(o.outputDir, io.homeDir)),
    chart: o.chart,
    chartVersion: o.chartVersion,
    chartRepo: o.chartRepo,
    skipRepoAdd: o.skipRepoAdd,
  } satisfies Partial<InstallAnswers>);

  const complete = missing.length === 0 && invalid.length === 0 && registry !== undefined;
  return {
    partial,
    missing,
    invalid,
    answers: complete ? (partial as InstallAnswers) : undefined,
  };
}

/** Flags that mean something for one kind of registry only. */
const REGISTRY_SPECIFIC: readonly [keyof InstallOptions, string, readonly RegistryKind[]][] = [
  ['registryServer', '--registry-server', ['private']],
  ['registryUsername', '--registry-username', ['private']],
  ['registryPasswordFile', '--registry-password-file', ['private']],
  ['dockerConfig', '--docker-config', ['private']],
  ['awsAccountId', '--aws-account-id', ['ecr', 'ecr-irsa', 'ecr-pod-identity']],
  ['awsRegion', '--aws-region', ['ecr', 'ecr-irsa', 'ecr-pod-identity']],
  ['awsCredentialsFile', '--aws-credentials-file', ['ecr']],
  ['awsRoleArn', '--aws-role-arn', ['ecr-irsa', 'ecr-pod-identity']],
  ['iamPolicyFile', '--iam-policy-file', ['ecr-irsa', 'ecr-pod-identity']],
  ['eksClusterName', '--eks-cluster-name', ['ecr-pod-identity']],
];

/**
 * A registry flag that does not fit --registry would be ignored without a word (e.g. a
 * --docker-config with --registry ttlsh): say so instead, since the user meant something by it.
 */
export function conflictingRegistryFlags(o: InstallOptions): string[] {
  if (!o.registry) return [];
  return REGISTRY_SPECIFIC.filter(([key, , kinds]) => o[key] !== undefined && !kinds.includes(o.registry!)).map(
    ([, flag, kinds]) =>
      `${flag} only applies to --registry ${kinds.join(' or ')}, but --registry is ${o.registry}; leave one of them out.`,
  );
}

async function registryFromFlags(
  o: InstallOptions,
  io: FlagIo,
  need: (flag: string, q: string) => void,
  invalid: string[],
  readChecked: (raw: string, what: string) => Promise<{ path: string; data: Buffer } | undefined>,
): Promise<RegistryAnswer | undefined> {
  const kind = o.registry ?? (o.dockerConfig ? 'private' : undefined);
  if (!kind) {
    need('--registry', 'Which registry should built images be pushed to (ttlsh, private, ecr, ecr-irsa, ecr-pod-identity)?');
    return undefined;
  }
  if (kind === 'ttlsh') return { kind };

  if (kind === 'private') {
    if (o.dockerConfig) {
      const file = await readChecked(o.dockerConfig, 'the Docker config file');
      if (!file) return undefined;
      const text = file.data.toString('utf8');
      const analysis = analyzeDockerConfig(text);
      const fails = analysis.problems.filter((p) => p.severity === 'fail');
      if (fails.length > 0) {
        invalid.push(...fails.map((p) => `--docker-config ${file.path}: ${p.message} ${p.hint}`));
        return undefined;
      }
      return { kind: 'docker-config', path: file.path, text };
    }
    let server: string | undefined;
    let username: string | undefined;
    let password: string | undefined;
    if (o.registryServer === undefined) need('--registry-server', 'Registry server (e.g. ghcr.io)?');
    else {
      const v = validateRegistryServer(o.registryServer);
      if (v.ok) server = v.value;
      else invalid.push(`--registry-server: ${v.message}`);
    }
    if (o.registryUsername === undefined) need('--registry-username', 'Registry user name?');
    else {
      const v = validateRegistryUsername(o.registryUsername);
      if (v.ok) username = v.value;
      else invalid.push(`--registry-username: ${v.message}`);
    }
    if (o.registryPasswordFile === undefined) need('--registry-password-file', 'Registry password or token?');
    else {
      let raw: string | undefined;
      if (o.registryPasswordFile === '-') raw = await io.readStdin();
      else raw = (await readChecked(o.registryPasswordFile, 'the registry password file'))?.data.toString('utf8');
      if (raw !== undefined) {
        const v = validateRegistryPassword(chompNewline(raw));
        if (v.ok) password = v.value;
        else invalid.push(`--registry-password-file: ${v.message}`);
      }
    }
    return server && username && password !== undefined ? { kind: 'private', server, username, password } : undefined;
  }

  let accountId: string | undefined;
  let region: string | undefined;
  if (o.awsAccountId === undefined) need('--aws-account-id', 'AWS account id (12 digits)?');
  else {
    const v = validateAwsAccountId(o.awsAccountId);
    if (v.ok) accountId = v.value;
    else invalid.push(`--aws-account-id: ${v.message}`);
  }
  if (o.awsRegion === undefined) need('--aws-region', 'AWS region (e.g. eu-west-1)?');
  else {
    const v = validateAwsRegion(o.awsRegion);
    if (v.ok) region = v.value;
    else invalid.push(`--aws-region: ${v.message}`);
  }

  if (kind === 'ecr') {
    let credentialsIni: string | undefined;
    if (o.awsCredentialsFile === undefined)
      need('--aws-credentials-file', 'AWS credentials file (INI with aws_access_key_id and aws_secret_access_key)?');
    else {
      const file = await readChecked(o.awsCredentialsFile, 'the AWS credentials file');
      if (file) {
        const text = file.data.toString('utf8');
        const fails = parseAwsCredentialsIni(text).problems.filter((p) => p.severity === 'fail');
        if (fails.length) invalid.push(...fails.map((p) => `--aws-credentials-file ${file.path}: ${p.message}`));
        else credentialsIni = text;
      }
    }
    return accountId && region && credentialsIni ? { kind: 'ecr', accountId, region, credentialsIni } : undefined;
  }

  let roleArn: string | undefined;
  if (o.awsRoleArn === undefined) need('--aws-role-arn', 'IAM role ARN for the pro-builder-ecr service account?');
  else {
    const v = validateRoleArn(o.awsRoleArn);
    const matching = v.ok && region ? checkArnMatchesRegion(v.value, region) : v;
    if (v.ok && matching.ok) roleArn = o.awsRoleArn.trim();
    else if (!v.ok) invalid.push(`--aws-role-arn: ${v.message}`);
    else if (!matching.ok) invalid.push(`--aws-role-arn: ${matching.message}`);
  }
  if (accountId && region) ecrRegistryHost(accountId, region); // validates the pair for cn-* partitions
  const policyFile = o.iamPolicyFile ? resolve(expandHome(o.iamPolicyFile, io.homeDir)) : undefined;
  if (kind === 'ecr-pod-identity') {
    let clusterName: string | undefined;
    if (o.eksClusterName === undefined) need('--eks-cluster-name', 'EKS cluster name (for aws eks create-pod-identity-association)?');
    else {
      const v = validateEksClusterName(o.eksClusterName);
      if (v.ok) clusterName = v.value;
      else invalid.push(`--eks-cluster-name: ${v.message}`);
    }
    return accountId && region && roleArn && clusterName
      ? { kind: 'ecr-irsa', accountId, region, roleArn, policyFile, podIdentity: { clusterName } }
      : undefined;
  }
  return accountId && region && roleArn ? { kind: 'ecr-irsa', accountId, region, roleArn, policyFile } : undefined;
}
