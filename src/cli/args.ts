import { Argument, Command, CommanderError, Option } from 'commander';
import { quoteInput } from '../platform/validate/result.js';
import { VERSION } from '../platform/version.js';

import type { BuildkitMode } from '../shared/chart/buildkitMode.js';
import type { GlobalOptions } from '../shared/options/globalOptions.js';
import { REGISTRY_KINDS, type RegistryKind } from '../shared/registry/kinds.js';
import type { InstallOptions } from '../features/install/options.js';
import type { DoctorOptions, DoctorOutput } from '../features/doctor/options.js';
import type { UninstallOptions } from '../features/uninstall/options.js';
import type { RotateOptions, RotateTarget } from '../features/rotate/options.js';
import type { TestBuildOptions, TestBuildOutput } from '../features/testbuild/options.js';

// The options types live with what they configure (features never import the CLI); re-exported for the screens.
export type {
  BuildkitMode,
  GlobalOptions,
  RegistryKind,
  InstallOptions,
  DoctorOptions,
  DoctorOutput,
  UninstallOptions,
  RotateOptions,
  RotateTarget,
  TestBuildOptions,
  TestBuildOutput,
};
export { REGISTRY_KINDS };

export type ParsedCommand =
  | { kind: 'install'; options: InstallOptions }
  | { kind: 'doctor'; options: DoctorOptions }
  | { kind: 'uninstall'; options: UninstallOptions }
  | { kind: 'rotate'; options: RotateOptions }
  | { kind: 'test-build'; options: TestBuildOptions }
  /** Text to print on stdout, then exit 0 (--help, --version). */
  | { kind: 'print'; text: string }
  /** A usage error: print on stderr, exit 2. */
  | { kind: 'usage-error'; message: string };

export const SUBCOMMANDS = ['install', 'doctor', 'uninstall', 'rotate', 'test-build'] as const;
type Subcommand = (typeof SUBCOMMANDS)[number];

function positiveInt(flag: string, max: number) {
  return (raw: string): number => {
    if (!/^\d+$/.test(raw)) throw new UsageError(`${flag} must be a whole number, got ${quoteInput(raw)}.`);
    const n = Number(raw);
    if (n > max) throw new UsageError(`${flag} must be a whole number from 0 to ${max}, got ${quoteInput(raw)}.`);
    return n;
  };
}

/** `--context ''` must not read as "not given": that would pick the current context silently. */
function refuseEmptyValues(cmd: Command): void {
  for (const opt of cmd.options) {
    if (!opt.required && !opt.optional) continue;
    const v: unknown = cmd.getOptionValue(opt.attributeName());
    if (v === '' || (Array.isArray(v) && v.includes(''))) {
      throw new UsageError(`${opt.long ?? opt.short} was given an empty value; pass a value or leave the flag out.`);
    }
  }
}

// Control, format (bidi overrides, zero-width), private-use and unassigned characters, and line separators.
const UNSAFE_IN_MESSAGE = /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Cs}\p{Zl}\p{Zp}]/u;
const MESSAGE_LINE_LIMIT = 300;

/**
 * commander quotes a bad option value verbatim ("argument '…' is invalid"): escape what could drive
 * the terminal and cut what could flood it. Line breaks between commander's own lines stay.
 */
export function printableUsage(message: string): string {
  return message
    .split('\n')
    .map((line) => {
      const safe = [...line].map((ch) => (UNSAFE_IN_MESSAGE.test(ch) ? `\\u{${ch.codePointAt(0)!.toString(16)}}` : ch)).join('');
      return safe.length > MESSAGE_LINE_LIMIT ? `${safe.slice(0, MESSAGE_LINE_LIMIT)}… (${safe.length} characters)` : safe;
    })
    .join('\n');
}

class UsageError extends Error {}

function addGlobalOptions(cmd: Command): Command {
  return cmd
    .option('--kubeconfig <path>', 'kubeconfig file (default: $KUBECONFIG or ~/.kube/config)')
    .option('--context <name>', 'kubeconfig context to use (default: the current context)')
    .option('-n, --namespace <name>', 'namespace of the pro-builder', 'openfaas')
    .option('-y, --yes', 'answer yes to confirmations; run without prompts when every answer is given by flags', false)
    .option('--dry-run', 'show what would be done and change nothing', false)
    .option('--debug', 'show stack traces and API details for errors', false)
    .option('--request-timeout <duration>', 'how long to wait for each Kubernetes API request, e.g. 30s', '15s')
    .option('--no-color', 'disable colours (also honoured: NO_COLOR)');
}

/**
 * The program with every subcommand, or only `only`: a run names one subcommand, and building the
 * other four (~50 options, each compiling commander's Unicode-property pattern) cost ~3 ms before
 * the command could start. Commander's behaviour for a named subcommand does not depend on its
 * siblings (its help, errors and suggestions come from it and the program's own flags).
 */
function buildProgram(only?: Subcommand): Command {
  const program = new Command('probuilder-setup')
    .description(
      'Install, check and remove the OpenFaaS Pro Function Builder (pro-builder) on Kubernetes.\n' +
        'Run with no subcommand to start the install wizard.',
    )
    .version(VERSION, '-v, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .showSuggestionAfterError(true)
    .allowExcessArguments(false);
  const wants = (name: Subcommand) => only === undefined || only === name;

  if (wants('install'))
    addGlobalOptions(
      program
        .command('install', { isDefault: true })
        .description('guided install of the pro-builder (the default)')
        .option('--license-file <path>', 'OpenFaaS Pro license file (default: ~/.openfaas/LICENSE)')
        .addOption(new Option('--registry <kind>', 'registry to push images to').choices([...REGISTRY_KINDS]))
        .option('--registry-server <host>', 'private registry host, e.g. ghcr.io')
        .option('--registry-username <name>', 'private registry user name')
        .option('--registry-password-file <path>', 'file holding the registry password or token (- for stdin)')
        .option('--docker-config <path>', 'import an existing Docker or faas-cli config.json for the registry')
        .option('--aws-account-id <id>', 'AWS account id (12 digits) for Amazon ECR')
        .option('--aws-region <region>', 'AWS region for Amazon ECR, e.g. eu-west-1')
        .option('--aws-role-arn <arn>', 'IAM role ARN for IRSA or EKS Pod Identity (registry ecr-irsa, ecr-pod-identity)')
        .option('--aws-credentials-file <path>', 'AWS shared credentials file (INI) for registry ecr')
        .option('--iam-policy-file <path>', 'write the IAM policy the IRSA or Pod Identity role needs to this file')
        .option('--eks-cluster-name <name>', 'EKS cluster name for the Pod Identity association (registry ecr-pod-identity)')
        .option('--rotate-signing-secret', 'replace an existing payload-secret with a new one', false)
        .addOption(new Option('--buildkit-mode <mode>', 'run BuildKit rootless (preferred) or as root').choices(['rootless', 'root']))
        .option('--max-inflight <n>', 'limit concurrent builds (0 = unlimited)', positiveInt('--max-inflight', 100_000))
        .option('--replicas <n>', 'number of pro-builder replicas', positiveInt('--replicas', 1_000))
        .option('--buildkit-cpu <quantity>', 'BuildKit CPU request, e.g. 1000m')
        .option('--buildkit-memory <quantity>', 'BuildKit memory request, e.g. 1Gi')
        .option('-f, --values-file <path>', 'helm values file to create or update', 'custom-values.yaml')
        .option('-o, --output-dir <dir>', 'folder for payload.txt, config.json and certificates', '.')
        .option('--chart <ref>', 'chart to install: openfaas/pro-builder or a local chart folder', 'openfaas/pro-builder')
        .option('--chart-version <version>', 'chart version to install (default: latest)')
        .option(
          '--chart-repo <url>',
          'helm repository added as "openfaas" (a mirror, or one reachable from an air-gapped network)',
          'https://openfaas.github.io/faas-netes/',
        )
        .option('--release <name>', 'helm release name', 'pro-builder')
        .option('--timeout <duration>', 'how long to wait for helm and then for the rollout, e.g. 5m', '5m')
        .option('--write-manifests <dir>', 'with --dry-run: write the secrets (redacted) and values to this folder')
        .option('--skip-repo-add', 'do not run helm repo add/update', false),
    );

  if (wants('doctor'))
    addGlobalOptions(
      program
        .command('doctor')
        .description('diagnose a pro-builder install and say how to fix what is wrong')
        .addOption(new Option('--output <format>', 'output format').choices(['tui', 'json', 'short']).default('tui'))
        .option('--release <name>', 'helm release name', 'pro-builder')
        .option('--wait <duration>', 're-check until healthy or this long has passed, e.g. 2m')
        .option('--build', 'also build and push a test image through the pro-builder (check build.end-to-end, last)', false)
        .option('--contexts <list>', 'check several clusters at once: kubeconfig contexts, comma-separated')
        .option('--all-contexts', 'check every context in the kubeconfig at once', false)
        .option('--bundle [file]', 'after the checks, write a redacted support bundle (.tar.gz) to this file (- for stdout)')
        .option(
          '--bundle-log-lines <n>',
          'log lines per container in the bundle (default 2000)',
          positiveInt('--bundle-log-lines', 1_000_000),
        )
        .option('--fix', 'fix what has a safe remedy: show the plan, confirm (or --yes), apply, re-check', false)
        .option('-o, --output-dir <dir>', 'with --fix: folder for payload.txt, config.json and certificates', '.')
        .option('-f, --values-file <path>', 'with --fix: the helm values file to update', 'custom-values.yaml')
        .option('--docker-config <path>', 'with --fix: config.json to create a missing registry-secret from')
        .option('--aws-role-arn <arn>', 'with --fix: IAM role to annotate the IRSA service account with')
        .option('--chart-repo <url>', 'with --fix: helm repository added as "openfaas" before the upgrade')
        .option('--chart-version <version>', 'with --fix: chart version to upgrade with (default: the installed one)'),
    );

  if (wants('uninstall'))
    addGlobalOptions(
      program
        .command('uninstall')
        .description('remove the pro-builder, keeping what other OpenFaaS components use')
        .option('--release <name>', 'helm release name', 'pro-builder')
        .option('-o, --output-dir <dir>', 'folder where the install wrote its files', '.')
        .option('--keep <object...>', 'keep these objects, e.g. secret/registry-secret', [])
        .option('--include <object...>', 'also remove these, e.g. a secret made by hand or file/payload.txt', [])
        .option('--remove-license', 'also delete the openfaas-license secret', false)
        .option('--remove-namespace', 'also delete the namespace', false)
        .option('--remove-files', 'also delete payload.txt, config.json and certs/ in --output-dir', false),
    );

  if (wants('rotate'))
    addGlobalOptions(
      program
        .command('rotate')
        .description('rotate the signing secret or the BuildKit mTLS certificates')
        .addArgument(new Argument('<target>', 'what to rotate').choices(['signing-secret', 'certs']))
        .option('--release <name>', 'helm release name', 'pro-builder')
        .option('-o, --output-dir <dir>', 'folder holding payload.txt and the certificates', '.')
        .option('--timeout <duration>', 'how long to wait for the restarted pods, e.g. 5m', '5m'),
    );

  if (wants('test-build'))
    addGlobalOptions(
      program
        .command('test-build')
        .description('build and push a tiny image through the installed pro-builder, and say why when it fails')
        .option('--release <name>', 'helm release name', 'pro-builder')
        .option(
          '--builder-url <url>',
          'reach the builder at this URL (an ingress, your own port-forward) instead of a port-forward to its pod',
        )
        .option('--payload-secret-file <path>', "sign with the key in this file (payload.txt) instead of the cluster's payload-secret")
        .option('--image <ref>', 'image to push (default: from the registry the install chose)')
        .option('--context-dir <dir>', 'build this folder (with a Dockerfile) instead of a FROM scratch test function')
        .addOption(new Option('--output <format>', 'output format').choices(['tui', 'plain', 'json']).default('tui'))
        .option('--timeout <duration>', 'how long the build may take, e.g. 10m', '10m'),
    );

  return program;
}

function globalsFrom(o: Record<string, unknown>, env: NodeJS.ProcessEnv): GlobalOptions {
  return {
    kubeconfig: o['kubeconfig'] as string | undefined,
    context: o['context'] as string | undefined,
    namespace: o['namespace'] as string,
    yes: Boolean(o['yes']),
    dryRun: Boolean(o['dryRun']),
    debug: Boolean(o['debug']),
    // NO_COLOR (https://no-color.org): any non-empty value turns colour off.
    color: o['color'] !== false && !env['NO_COLOR'],
    requestTimeout: o['requestTimeout'] as string | undefined,
  };
}

/**
 * Parses argv (without the node and script entries). Pure: never prints and never exits, so the
 * caller decides where text goes and which exit code follows. `everySubcommand` (tests) builds
 * the whole program even when argv names one subcommand; the result is the same.
 */
export function parseArgs(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = {},
  { everySubcommand = false }: { everySubcommand?: boolean } = {},
): ParsedCommand {
  // A subcommand named first is the one commander runs: only it is built. Anything else (no
  // subcommand, the default install's flags first, help, an unknown word) gets the whole program.
  const named = (SUBCOMMANDS as readonly string[]).includes(argv[0] ?? '') ? (argv[0] as Subcommand) : undefined;
  const program = buildProgram(everySubcommand ? undefined : named);
  let out = '';
  let err = '';
  let result: ParsedCommand | undefined;
  const capture = (c: Command): void => {
    c.exitOverride();
    c.configureOutput({
      writeOut: (s) => (out += s),
      writeErr: (s) => (err += s),
      outputError: (s, write) => write(s),
    });
    for (const sub of c.commands) capture(sub);
  };
  capture(program);

  for (const sub of program.commands) {
    sub.action((...args: unknown[]) => {
      const cmd = args[args.length - 1] as Command;
      refuseEmptyValues(cmd);
      const o = cmd.opts();
      const g = globalsFrom(o, env);
      switch (cmd.name()) {
        case 'install':
          if (o['writeManifests'] !== undefined && !o['dryRun']) {
            throw new UsageError(
              '--write-manifests works only with --dry-run: add --dry-run (nothing is changed), or leave --write-manifests out.',
            );
          }
          result = { kind: 'install', options: { ...(o as object), ...g } as InstallOptions };
          break;
        case 'doctor':
          result = { kind: 'doctor', options: { ...(o as object), ...g } as DoctorOptions };
          break;
        case 'uninstall':
          result = { kind: 'uninstall', options: { ...(o as object), ...g } as UninstallOptions };
          break;
        case 'rotate':
          result = { kind: 'rotate', options: { ...(o as object), ...g, target: args[0] as RotateTarget } as RotateOptions };
          break;
        case 'test-build':
          result = { kind: 'test-build', options: { ...(o as object), ...g } as TestBuildOptions };
          break;
      }
    });
  }

  // A bare word that is not a subcommand would otherwise be taken as an excess argument of the
  // default install command; say plainly that the subcommand is unknown.
  const firstWord = argv.find((a) => !a.startsWith('-'));
  const firstIndex = firstWord === undefined ? -1 : argv.indexOf(firstWord);
  const precededByValueFlag =
    firstIndex > 0 && /^--?[a-z-]+$/.test(argv[firstIndex - 1] ?? '') && takesValue(program, argv[firstIndex - 1]!);
  if (firstWord !== undefined && !precededByValueFlag && !([...SUBCOMMANDS, 'help'] as string[]).includes(firstWord)) {
    return {
      kind: 'usage-error',
      message: `unknown command ${quoteInput(firstWord)}. Commands: ${SUBCOMMANDS.join(', ')}. Run probuilder-setup --help.`,
    };
  }

  try {
    program.parse([...argv], { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') {
        return { kind: 'print', text: out };
      }
      return { kind: 'usage-error', message: printableUsage(err.replace(/^error: /, '').trim() || e.message) };
    }
    if (e instanceof UsageError) return { kind: 'usage-error', message: printableUsage(e.message) };
    throw e;
  }
  if (!result) return { kind: 'print', text: out || program.helpInformation() };
  return result;
}

function takesValue(program: Command, flag: string): boolean {
  return program.commands.some((c) => c.options.some((o) => (o.long === flag || o.short === flag) && (o.required || o.optional)));
}
