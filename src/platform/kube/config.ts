import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { quoteInput } from '../validate/result.js';
import { KubeError } from './errors.js';

/** Which cluster the user is about to change: shown before anything touches it. */
export interface ClusterTarget {
  contextName: string;
  clusterName: string;
  server: string;
  user: string;
  /** The kubeconfig file(s) it came from, for the confirmation screen. */
  source: string;
  /**
   * The one file that was read, handed to helm as --kubeconfig so it reads the same file; undefined
   * when KUBECONFIG merged several (helm inherits that same KUBECONFIG list).
   */
  kubeconfigFile?: string;
  /** The kubeconfig turns off TLS verification for this cluster: secrets go to a server nobody verified. */
  insecureSkipTlsVerify?: boolean;
  /** Every context in that kubeconfig: more than one means `--yes` alone must not pick one. */
  contextNames?: string[];
}

export interface KubeConfigRequest {
  kubeconfig?: string;
  context?: string;
  env?: NodeJS.ProcessEnv;
}

function configError(message: string, nextStep: string): KubeError {
  return new KubeError('config', message, nextStep);
}

/** A --kubeconfig or --context value that cannot be used: a usage error (exit 2), unlike a broken kubeconfig. */
export class KubeConfigFlagError extends KubeError {
  constructor(
    readonly flag: '--kubeconfig' | '--context',
    message: string,
    nextStep: string,
  ) {
    super('config', message, nextStep);
  }
}

/**
 * A kubeconfig that cannot be parsed, named by file, line and column only: the parser's own message
 * quotes the lines around the fault, and those hold tokens and client keys.
 */
function malformedKubeconfig(file: string, e: unknown): KubeError {
  const mark = (e as { mark?: { line?: number; column?: number } }).mark;
  const reason = (e as { reason?: unknown }).reason;
  const where = mark && typeof mark.line === 'number' ? ` at line ${mark.line + 1}, column ${(mark.column ?? 0) + 1}` : '';
  // js-yaml's reason is a fixed phrase; any other message is cut at its first line, before any quoted text.
  const what =
    typeof reason === 'string'
      ? reason
      : String((e as Error)?.message ?? e)
          .split('\n')[0]!
          .split(/["'`:]/)[0]!
          .trim()
          .slice(0, 80);
  return configError(
    `The kubeconfig ${file} is not valid YAML: ${what || 'unreadable'}${where}.`,
    'Fix that line of the file (kubectl config view shows how kubectl reads it), or point --kubeconfig at another one.',
  );
}

function loadFile(kc: KubeConfig, file: string): void {
  try {
    kc.loadFromFile(file);
  } catch (e) {
    throw malformedKubeconfig(file, e);
  }
}

/** What to do without a kubeconfig: point at one, or try the tool on the practice cluster a checkout starts. */
export const NO_KUBECONFIG_NEXT_STEP =
  "Point --kubeconfig at your cluster's kubeconfig, or set KUBECONFIG. No cluster at hand? From a checkout of probuilder-setup, `bash scripts/try` starts a practice cluster on 127.0.0.1 and runs the wizard on it.";

/** The kubeconfig file(s) as kubectl finds them: --kubeconfig, else $KUBECONFIG (a list), else ~/.kube/config. */
function readKubeConfig(req: KubeConfigRequest): { kc: KubeConfig; source: string; kubeconfigFile?: string } {
  const env = req.env ?? process.env;
  const kc = new KubeConfig();
  let source: string;
  let kubeconfigFile: string | undefined;
  if (req.kubeconfig) {
    if (!existsSync(req.kubeconfig)) {
      // Quoted and cut short: a flag value may be huge or hold control characters.
      throw new KubeConfigFlagError(
        '--kubeconfig',
        `The kubeconfig file ${quoteInput(req.kubeconfig)} does not exist.`,
        'Check the --kubeconfig path.',
      );
    }
    source = req.kubeconfig;
    kubeconfigFile = resolve(req.kubeconfig);
    loadFile(kc, req.kubeconfig);
  } else if (env['KUBECONFIG']) {
    const files = env['KUBECONFIG'].split(delimiter).filter((f) => f && existsSync(f));
    if (files.length === 0) {
      throw configError(`None of the files in KUBECONFIG (${env['KUBECONFIG']}) exist.`, 'Fix KUBECONFIG or pass --kubeconfig.');
    }
    source = files.join(delimiter);
    if (files.length === 1) kubeconfigFile = resolve(files[0]!);
    // client-node merges a KUBECONFIG list like kubectl does.
    const saved = process.env['KUBECONFIG'];
    process.env['KUBECONFIG'] = files.join(delimiter);
    try {
      kc.loadFromDefault();
    } catch (e) {
      // Name the file at fault: each is read alone to find it.
      for (const f of files) loadFile(new KubeConfig(), f);
      throw malformedKubeconfig(source, e);
    } finally {
      if (saved === undefined) delete process.env['KUBECONFIG'];
      else process.env['KUBECONFIG'] = saved;
    }
  } else {
    const home = env['HOME'] ?? homedir();
    const path = join(home, '.kube', 'config');
    if (!existsSync(path)) {
      throw configError('No kubeconfig found (~/.kube/config is missing and KUBECONFIG is not set).', NO_KUBECONFIG_NEXT_STEP);
    }
    source = path;
    kubeconfigFile = path;
    loadFile(kc, path);
  }

  return { kc, source, kubeconfigFile };
}

/** Every context in the kubeconfig, in file order (a kubeconfig without a current context is fine here). */
export function kubeConfigContextNames(req: Omit<KubeConfigRequest, 'context'> = {}): { names: string[]; source: string } {
  const { kc, source } = readKubeConfig(req);
  return { names: kc.getContexts().map((c) => c.name), source };
}

/**
 * Loads the kubeconfig the way kubectl does: --kubeconfig, else $KUBECONFIG (a list of files),
 * else ~/.kube/config; then --context, else the current context.
 */
export function loadKubeConfig(req: KubeConfigRequest = {}): { kc: KubeConfig; target: ClusterTarget } {
  const { kc, source, kubeconfigFile } = readKubeConfig(req);

  if (req.context) {
    if (!kc.getContextObject(req.context)) {
      const known = kc.getContexts().map((c) => c.name);
      throw new KubeConfigFlagError(
        '--context',
        `The context ${quoteInput(req.context)} is not in ${source}.`,
        known.length
          ? `Pass one of the known contexts to --context: ${known.map((k) => quoteInput(k)).join(', ')}.`
          : 'That kubeconfig has no contexts.',
      );
    }
    kc.setCurrentContext(req.context);
  }
  const contextName = kc.getCurrentContext();
  const ctx = contextName ? kc.getContextObject(contextName) : null;
  if (!ctx) {
    throw configError(`The kubeconfig ${source} has no current context.`, 'Pass --context <name> or run kubectl config use-context.');
  }
  const cluster = kc.getCluster(ctx.cluster);
  if (!cluster) {
    throw configError(
      `The context "${contextName}" names cluster "${ctx.cluster}", which is not in ${source}.`,
      'Fix the kubeconfig or choose another --context.',
    );
  }
  return {
    kc,
    target: {
      contextName,
      clusterName: cluster.name,
      server: cluster.server,
      user: ctx.user,
      source,
      kubeconfigFile,
      ...(cluster.skipTLSVerify ? { insecureSkipTlsVerify: true } : {}),
      contextNames: kc.getContexts().map((c) => c.name),
    },
  };
}
