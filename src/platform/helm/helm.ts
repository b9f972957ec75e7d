import type { ResultPromise } from 'execa';
import { ActionableError } from '../errors.js';
import type { ClusterTarget } from '../kube/config.js';
import { shellCommand } from '../shellQuote.js';

/** Where helm should talk to, passed as flags so helm and this tool always agree on the cluster. */
export interface HelmTarget {
  kubeconfig?: string;
  context?: string;
  namespace: string;
}

export interface HelmVersion {
  raw: string;
  major: number;
  minor: number;
  patch: number;
}

export class HelmError extends ActionableError {
  override readonly name = 'HelmError';
  constructor(
    message: string,
    nextStep: string,
    /** helm's own stderr: users need it verbatim to fix a chart or value problem. */
    readonly helmOutput = '',
    readonly exitCode?: number,
  ) {
    super(message, nextStep);
  }
}

export const HELM_INSTALL_HINT =
  'Install helm 3 or 4 (https://helm.sh/docs/intro/install/), make sure `helm version` works in this shell, or set HELM=/path/to/helm.';

export function parseHelmVersion(text: string): HelmVersion | undefined {
  const m = /v?(\d+)\.(\d+)\.(\d+)(?:[-+][0-9A-Za-z.-]+)?/.exec(text.trim());
  if (!m) return undefined;
  return { raw: m[0].startsWith('v') ? m[0] : `v${m[0]}`, major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]) };
}

/**
 * helm pointed at the cluster that was shown and confirmed: its context by name and the file it
 * came from, never helm's own idea of the current context, which may have changed since.
 */
export function helmTargetFor(cluster: Pick<ClusterTarget, 'contextName' | 'kubeconfigFile'>, namespace: string): HelmTarget {
  return { namespace, kubeconfig: cluster.kubeconfigFile, context: cluster.contextName };
}

function targetFlags(t: HelmTarget): string[] {
  const flags = ['--namespace', t.namespace];
  if (t.kubeconfig) flags.push('--kubeconfig', t.kubeconfig);
  if (t.context) flags.push('--kube-context', t.context);
  return flags;
}

export interface UpgradeInstallRequest extends HelmTarget {
  release: string;
  /** A repo reference like openfaas/pro-builder, or a local chart folder. */
  chart: string;
  valuesFiles: string[];
  chartVersion?: string;
  /** helm's own --wait is not used: the tool watches the rollout itself and explains failures. */
  timeout?: string;
}

export function upgradeInstallArgs(r: UpgradeInstallRequest): string[] {
  const args = ['upgrade', r.release, r.chart, '--install', ...targetFlags(r)];
  for (const f of r.valuesFiles) args.push('--values', f);
  if (r.chartVersion) args.push('--version', r.chartVersion);
  if (r.timeout) args.push('--timeout', r.timeout);
  return args;
}

export const OPENFAAS_REPO = { name: 'openfaas', url: 'https://openfaas.github.io/faas-netes/' } as const;

export function repoAddArgs(url: string = OPENFAAS_REPO.url): string[] {
  // --force-update makes a re-run converge when the repo is already known under this name.
  return ['repo', 'add', OPENFAAS_REPO.name, url, '--force-update'];
}

export function repoUpdateArgs(): string[] {
  return ['repo', 'update', OPENFAAS_REPO.name];
}

export function uninstallArgs(release: string, t: HelmTarget): string[] {
  return ['uninstall', release, ...targetFlags(t)];
}

/** Back to the previous revision: how a release left in pending-upgrade by a killed helm is freed. */
export function rollbackArgs(release: string, t: HelmTarget): string[] {
  return ['rollback', release, ...targetFlags(t)];
}

export function statusArgs(release: string, t: HelmTarget): string[] {
  return ['status', release, ...targetFlags(t), '--output', 'json'];
}

/** `helm get metadata`: the only JSON helm 3 and 4 both print that names the chart version. */
export function metadataArgs(release: string, t: HelmTarget): string[] {
  return ['get', 'metadata', release, ...targetFlags(t), '--output', 'json'];
}

export function getValuesArgs(release: string, t: HelmTarget): string[] {
  return ['get', 'values', release, ...targetFlags(t), '--all', '--output', 'json'];
}

/** `helm get values` without --all: only what the user supplied. */
export function userValuesArgs(release: string, t: HelmTarget): string[] {
  return ['get', 'values', release, ...targetFlags(t), '--output', 'json'];
}

/** A shell-quoted rendering of a command, only for showing users what will run (never executed). */
export function displayCommand(bin: string, args: readonly string[]): string {
  return shellCommand([bin, ...args]);
}

export interface ReleaseStatus {
  name: string;
  namespace: string;
  status: string;
  revision: number;
  chartName?: string;
  chartVersion?: string;
  appVersion?: string;
}

/**
 * Parses `helm get metadata -o json` (chart name and version at the top level) or
 * `helm status -o json` (status under info; the chart only where helm includes it), helm 3 or 4.
 */
export function parseReleaseStatus(json: string): ReleaseStatus {
  return releaseStatusOf(JSON.parse(json) as ReleaseJson);
}

/** The shapes parseReleaseStatus reads; a stored release (see storedRelease.ts) has the status shape. */
export interface ReleaseJson {
  name: string;
  namespace: string;
  version?: number | string;
  revision?: number;
  status?: string;
  info?: { status?: string };
  chart?: string | { metadata?: { name?: string; version?: string; appVersion?: string } };
  appVersion?: string;
}

/** parseReleaseStatus for JSON that is already parsed. */
export function releaseStatusOf(r: ReleaseJson): ReleaseStatus {
  if (typeof r.chart === 'string') {
    return {
      name: r.name,
      namespace: r.namespace,
      status: r.status ?? 'unknown',
      revision: Number(r.revision ?? 0),
      chartName: r.chart,
      chartVersion: typeof r.version === 'string' ? r.version : undefined,
      appVersion: r.appVersion || undefined,
    };
  }
  return {
    name: r.name,
    namespace: r.namespace,
    status: r.info?.status ?? 'unknown',
    revision: Number(r.version ?? 0),
    chartName: r.chart?.metadata?.name,
    chartVersion: r.chart?.metadata?.version,
    appVersion: r.chart?.metadata?.appVersion,
  };
}

export interface RunOptions {
  /** Called with each line helm prints, for live output. */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
}

export interface RunResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** Set when helm was killed by a signal (SIGKILL, SIGTERM…) instead of exiting. */
  signal?: string;
}

/** The helm binary, behind an interface so commands can be handed any helm (3 or 4). */
export interface Helm {
  readonly bin: string;
  version(): Promise<HelmVersion>;
  run(args: string[], opts?: RunOptions): Promise<RunResult>;
}

/** execa is loaded on the first helm call, not at start-up: screens that only format helm commands never need it. */
const loadExeca = () => import('execa');

export class HelmCli implements Helm {
  constructor(readonly bin: string = process.env['HELM'] || 'helm') {}

  async version(): Promise<HelmVersion> {
    let out: string;
    try {
      const { execa } = await loadExeca();
      const r = await execa(this.bin, ['version', '--template', '{{.Version}}'], { timeout: 20_000, reject: false });
      if (r.failed && (r as { code?: string }).code === 'ENOENT') {
        throw new HelmError(`helm was not found (looked for "${this.bin}").`, HELM_INSTALL_HINT);
      }
      if (r.exitCode !== 0) {
        throw new HelmError(`"${this.bin} version" failed.`, HELM_INSTALL_HINT, String(r.stderr ?? ''), r.exitCode);
      }
      out = String(r.stdout);
    } catch (e) {
      if (e instanceof HelmError) throw e;
      throw new HelmError(`helm could not be run (${(e as Error).message}).`, HELM_INSTALL_HINT);
    }
    const v = parseHelmVersion(out);
    if (!v) throw new HelmError(`Could not read helm's version from "${out.slice(0, 80)}".`, HELM_INSTALL_HINT);
    if (v.major !== 3 && v.major !== 4) {
      throw new HelmError(`helm ${v.raw} is not supported; helm 3 or 4 is needed.`, HELM_INSTALL_HINT);
    }
    return v;
  }

  async run(args: string[], opts: RunOptions = {}): Promise<RunResult> {
    const { execa } = await loadExeca();
    let child: ResultPromise;
    try {
      child = execa(this.bin, args, {
        reject: false,
        timeout: opts.timeoutMs,
        env: opts.env,
        stdin: 'ignore',
        // Never pass arguments through a shell.
        shell: false,
        // Its own process group: Ctrl+C at the terminal signals our group only, so the step in
        // flight finishes ("Stopping after the current step") instead of helm dying half-way.
        detached: true,
      });
    } catch (e) {
      throw new HelmError(`helm could not be started (${(e as Error).message}).`, HELM_INSTALL_HINT);
    }
    if (opts.onLine) {
      const forward = (stream: 'stdout' | 'stderr') => {
        let buf = '';
        child[stream]?.on('data', (chunk: Buffer) => {
          buf += chunk.toString('utf8');
          let i: number;
          while ((i = buf.indexOf('\n')) >= 0) {
            opts.onLine!(buf.slice(0, i), stream);
            buf = buf.slice(i + 1);
          }
        });
        child[stream]?.on('end', () => buf && opts.onLine!(buf, stream));
      };
      forward('stdout');
      forward('stderr');
    }
    const r = await child;
    if ((r as { code?: string }).code === 'ENOENT') {
      throw new HelmError(`helm was not found (looked for "${this.bin}").`, HELM_INSTALL_HINT);
    }
    if (r.timedOut) {
      throw new HelmError(
        `helm ${args[0]} did not finish within ${Math.round((opts.timeoutMs ?? 0) / 1000)}s and was stopped.`,
        "Check the cluster's health and retry, or raise --timeout.",
        String(r.stderr ?? ''),
      );
    }
    return { exitCode: r.exitCode ?? 1, stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? ''), signal: r.signal ?? undefined };
  }
}
