import { isAbsolute, relative } from 'node:path';
import { displayCommand, OPENFAAS_REPO } from '../../platform/helm/helm.js';
import { formatDuration } from '../../platform/validate/duration.js';
import type { InstallAnswers } from './answers.js';

/** Shown where a secret would go: the user writes the secret to a file and puts its path here. */
export const PASSWORD_FILE_PLACEHOLDER = '<password-file>';
export const AWS_CREDENTIALS_FILE_PLACEHOLDER = '<aws-credentials-file>';

/**
 * The install command's defaults (src/cli/args.ts). A flag whose answer equals its default is left
 * out, so the line stays short; the unit test checks these against the parser.
 */
export const INSTALL_FLAG_DEFAULTS = {
  namespace: 'openfaas',
  release: 'pro-builder',
  chart: 'openfaas/pro-builder',
  timeout: '5m',
  valuesFile: 'custom-values.yaml',
  outputDir: '.',
} as const;

export interface CommandLineOptions {
  kubeconfig?: string;
  context?: string;
  /**
   * Files the secrets came from, when the user gave files (flags). Without them a placeholder is
   * shown: a secret typed into the wizard is never written into a command line.
   */
  registryPasswordFile?: string;
  awsCredentialsFile?: string;
  /** Paths inside this folder are shown relative to it; rerunning from there then works as is. */
  cwd?: string;
  programName?: string;
}

function shownPath(path: string, cwd: string | undefined): string {
  if (!cwd || !isAbsolute(path)) return path;
  const rel = relative(cwd, path);
  if (rel === '') return '.';
  return rel.startsWith('..') || isAbsolute(rel) ? path : rel;
}

/**
 * The flags that repeat these answers without prompts, as [flag, value?] pairs. Secrets are only
 * ever referenced by file: a password, an AWS secret key or a license never appears.
 */
export function equivalentFlags(a: InstallAnswers, opts: CommandLineOptions = {}): [string, string?][] {
  const path = (p: string) => shownPath(p, opts.cwd);
  const flags: [string, string?][] = [];
  if (opts.kubeconfig) flags.push(['--kubeconfig', opts.kubeconfig]);
  if (opts.context) flags.push(['--context', opts.context]);
  if (a.namespace !== INSTALL_FLAG_DEFAULTS.namespace) flags.push(['--namespace', a.namespace]);
  if (a.release !== INSTALL_FLAG_DEFAULTS.release) flags.push(['--release', a.release]);
  if (a.licensePath) flags.push(['--license-file', path(a.licensePath)]);

  const r = a.registry;
  switch (r.kind) {
    case 'ttlsh':
      flags.push(['--registry', 'ttlsh']);
      break;
    case 'private':
      flags.push(
        ['--registry', 'private'],
        ['--registry-server', r.server],
        ['--registry-username', r.username],
        ['--registry-password-file', opts.registryPasswordFile ?? PASSWORD_FILE_PLACEHOLDER],
      );
      break;
    case 'docker-config':
      flags.push(['--registry', 'private'], ['--docker-config', path(r.path)]);
      break;
    case 'ecr':
      flags.push(
        ['--registry', 'ecr'],
        ['--aws-account-id', r.accountId],
        ['--aws-region', r.region],
        ['--aws-credentials-file', opts.awsCredentialsFile ?? AWS_CREDENTIALS_FILE_PLACEHOLDER],
      );
      break;
    case 'ecr-irsa':
      flags.push(
        ['--registry', r.podIdentity ? 'ecr-pod-identity' : 'ecr-irsa'],
        ['--aws-account-id', r.accountId],
        ['--aws-region', r.region],
        ['--aws-role-arn', r.roleArn],
      );
      if (r.podIdentity) flags.push(['--eks-cluster-name', r.podIdentity.clusterName]);
      if (r.policyFile) flags.push(['--iam-policy-file', path(r.policyFile)]);
      break;
  }

  if (a.rotateSigningSecret) flags.push(['--rotate-signing-secret']);
  flags.push(['--buildkit-mode', a.buildkitMode]);
  if (a.maxInflight !== undefined) flags.push(['--max-inflight', String(a.maxInflight)]);
  if (a.replicas !== undefined) flags.push(['--replicas', String(a.replicas)]);
  if (a.buildkitCpu !== undefined) flags.push(['--buildkit-cpu', a.buildkitCpu]);
  if (a.buildkitMemory !== undefined) flags.push(['--buildkit-memory', a.buildkitMemory]);

  const values = path(a.valuesFile);
  if (values !== INSTALL_FLAG_DEFAULTS.valuesFile) flags.push(['--values-file', values]);
  const out = path(a.outputDir);
  if (out !== INSTALL_FLAG_DEFAULTS.outputDir) flags.push(['--output-dir', out]);
  if (a.chart !== INSTALL_FLAG_DEFAULTS.chart) flags.push(['--chart', path(a.chart)]);
  if (a.chartVersion) flags.push(['--chart-version', a.chartVersion]);
  if (a.chartRepo && a.chartRepo !== OPENFAAS_REPO.url) flags.push(['--chart-repo', a.chartRepo]);
  const timeout = formatDuration(a.timeoutMs);
  if (timeout !== INSTALL_FLAG_DEFAULTS.timeout) flags.push(['--timeout', timeout]);
  if (a.skipRepoAdd) flags.push(['--skip-repo-add']);
  flags.push(['--yes']);
  return flags;
}

/** The same flags as an argv (without the program name), e.g. for parseArgs in tests. */
export function equivalentArgs(a: InstallAnswers, opts: CommandLineOptions = {}): string[] {
  return ['install', ...equivalentFlags(a, opts).flatMap(([flag, value]) => (value === undefined ? [flag] : [flag, value]))];
}

/**
 * The non-interactive command for the review screen: one flag per line, shell-quoted. Placeholders
 * (<password-file>) are left unquoted so they read as "fill this in".
 */
export function equivalentCommandLine(a: InstallAnswers, opts: CommandLineOptions = {}): string {
  const program = opts.programName ?? 'probuilder-setup';
  const lines = equivalentFlags(a, opts).map(([flag, value]) => {
    if (value === undefined) return flag;
    return /^<[a-z-]+>$/.test(value) ? `${flag} ${value}` : displayCommand(flag, [value]);
  });
  return [`${program} install`, ...lines].join(' \\\n    ');
}
