import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { expect } from 'vitest';
import { parse, stringify } from 'yaml';
import { testbed } from './testbed.js';

const dist = resolve(import.meta.dirname, '../../dist');
const built = join(dist, 'cli.js');

/**
 * The built binary: every test here runs what users run. A private copy of dist/ (the entry and
 * the chunks it imports), taken once per build, so a rebuild (tsup empties dist/ first) in another
 * shell cannot pull it away mid-test.
 */
export const cli = snapshotBinary();

/** Copies older than this belong to finished runs: removed, so /tmp does not fill with builds. */
const STALE_COPY_MS = 6 * 60 * 60 * 1000;

function snapshotBinary(): string {
  const deadline = Date.now() + 30_000;
  while (!existsSync(built) && Date.now() < deadline) spawnSync('sleep', ['0.2']);
  if (!existsSync(built)) return built; // the tests fail on it, saying what is missing
  // One copy per build (named by the entry's size and time), shared by every test file and run.
  const { size, mtimeMs } = statSync(built);
  const root = join(tmpdir(), 'pbs-bin');
  mkdirSync(root, { recursive: true });
  removeStaleCopies(root);
  const copy = join(root, `dist-${size}-${Math.round(mtimeMs)}`);
  if (!existsSync(copy)) {
    const partial = `${copy}.${process.pid}.partial`;
    cpSync(dist, partial, { recursive: true });
    // As in the installed package: its package.json says the .js files are ES modules.
    writeFileSync(join(partial, 'package.json'), '{ "type": "module" }\n');
    try {
      renameSync(partial, copy);
    } catch (e) {
      // Another test file made the same copy first.
      rmSync(partial, { recursive: true, force: true });
      if (!existsSync(copy)) throw e;
    }
  }
  return join(copy, 'cli.js');
}

function removeStaleCopies(root: string): void {
  for (const name of readdirSync(root)) {
    const path = join(root, name);
    try {
      if (Date.now() - statSync(path).mtimeMs > STALE_COPY_MS) rmSync(path, { recursive: true, force: true });
    } catch {
      // Removed by a concurrent run.
    }
  }
}

export interface CliRun {
  exitCode: number | undefined;
  stdout: string;
  stderr: string;
  /** Wall time, to prove the process never hangs. */
  ms: number;
  timedOut: boolean;
}

export interface CliOptions {
  input?: string;
  env?: Record<string, string>;
  /** Hard stop for the test itself; a hang shows as timedOut, not as a stuck test. */
  timeoutMs?: number;
  cwd?: string;
}

/** Node's on-disk compile cache: a hundred short runs of a 4 MB bundle then cost a third less. */
const compileCache = join(tmpdir(), 'pbs-node-compile-cache');

export function cliEnv(extra: Record<string, string> = {}): Record<string, string> {
  return { HELM: testbed.helm4!, NO_COLOR: '1', NODE_COMPILE_CACHE: compileCache, ...extra };
}

export async function runCli(args: string[], o: CliOptions = {}): Promise<CliRun> {
  const started = Date.now();
  const r = await execa(process.execPath, [cli, ...args], {
    reject: false,
    input: o.input,
    stdin: o.input === undefined ? 'ignore' : undefined,
    env: cliEnv(o.env),
    timeout: o.timeoutMs ?? 60_000,
    cwd: o.cwd,
  });
  return {
    exitCode: r.exitCode,
    stdout: String(r.stdout),
    stderr: String(r.stderr),
    ms: Date.now() - started,
    timedOut: Boolean(r.timedOut),
  };
}

/**
 * Starts the binary as the leader of its own process group, so a test can kill it together with the
 * helm it started (as a closed terminal or a crash does), not leave an orphaned helm finishing alone.
 */
export function startCli(args: string[], o: CliOptions = {}): ResultPromise {
  return execa(process.execPath, [cli, ...args], {
    reject: false,
    stdin: 'ignore',
    env: cliEnv(o.env),
    timeout: o.timeoutMs ?? 120_000,
    detached: true,
    cwd: o.cwd,
  });
}

export function killGroup(child: ResultPromise, signal: NodeJS.Signals = 'SIGKILL'): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    /* already gone */
  }
}

/**
 * The helm processes the tool started (its direct children), found by parent pid, not by name. Each
 * runs in a process group of its own, so a kill of the tool's group misses them.
 */
export function helmChildren(toolPid: number): number[] {
  const ps = spawnSync('ps', ['-o', 'pid=,comm=', '--ppid', String(toolPid)], { encoding: 'utf8' });
  return ps.stdout
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter(([, comm]) => comm === 'helm')
    .map(([pid]) => Number(pid));
}

/** The install's Amazon ECR flags with a shared credentials file, for the account and region the tests use. */
export function ecrCredentialFlags(credentialsFile: string): string[] {
  return ['--registry', 'ecr', '--aws-account-id', '123456789012', '--aws-region', 'eu-west-1', '--aws-credentials-file', credentialsFile];
}

/**
 * `--yes` (unattended) install flags for ttl.sh from a local chart folder (`--skip-repo-add`), in the order the
 * tests always wrote them; `--buildkit-cpu` and `--timeout` only when given, no `--kubeconfig` without one.
 */
export function ttlshInstallFlags(o: {
  kubeconfig: string | undefined;
  namespace: string;
  licenseFile: string;
  chart: string;
  outputDir: string;
  valuesFile: string;
  buildkitCpu?: string;
  timeout?: string;
}): string[] {
  return [
    '--yes',
    ...(o.kubeconfig ? ['--kubeconfig', o.kubeconfig] : []),
    '-n',
    o.namespace,
    '--license-file',
    o.licenseFile,
    '--registry',
    'ttlsh',
    '--chart',
    o.chart,
    '--skip-repo-add',
    ...(o.buildkitCpu === undefined ? [] : ['--buildkit-cpu', o.buildkitCpu]),
    '-o',
    o.outputDir,
    '-f',
    o.valuesFile,
    ...(o.timeout === undefined ? [] : ['--timeout', o.timeout]),
  ];
}

/** Everything a run printed, stdout then stderr with nothing between: for assertions and failure messages. */
export function cliOutput(r: Pick<CliRun, 'stdout' | 'stderr'>): string {
  return `${r.stdout}${r.stderr}`;
}

/** One sentence and a next step, never a stack trace. */
export function expectExplained(r: CliRun, sentence: RegExp): void {
  const all = cliOutput(r);
  expect(all).toMatch(sentence);
  expect(all).toMatch(/Next: \S/);
  expect(all).not.toMatch(/\n\s+at \S+ \(|\n\s+at (async )?[\w.<>]+ \(|node:internal/);
}

export function expectNoStack(text: string): void {
  expect(text).not.toMatch(/\n\s+at (async )?\S.*[(:]\d+:\d+\)?|node:internal/);
}

interface KubeconfigDoc {
  clusters: { name: string; cluster: Record<string, unknown> }[];
  users: { name: string; user: Record<string, unknown> }[];
  contexts: { name: string; context: { cluster: string; user: string } }[];
  'current-context': string;
  [k: string]: unknown;
}

export function readTestbedKubeconfig(path = testbed.kubeconfig!): KubeconfigDoc {
  return parse(readFileSync(path, 'utf8')) as KubeconfigDoc;
}

export async function tempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

/**
 * The test bed's kubeconfig with one part changed: another server (a closed port, a proxy), another
 * CA, another user, or extra contexts. Written 0600 into its own folder; returns the path.
 */
export async function kubeconfigVariant(change: {
  server?: string;
  cluster?: Record<string, unknown>;
  user?: Record<string, unknown>;
  extraContexts?: { name: string; server: string }[];
  currentContext?: string;
  base?: string;
}): Promise<string> {
  const doc = readTestbedKubeconfig(change.base);
  const cluster = doc.clusters[0]!;
  if (change.server) cluster.cluster['server'] = change.server;
  if (change.cluster) cluster.cluster = { server: cluster.cluster['server'], ...change.cluster };
  if (change.user) doc.users[0]!.user = change.user;
  for (const extra of change.extraContexts ?? []) {
    doc.clusters.push({ name: `${extra.name}-cluster`, cluster: { server: extra.server, 'insecure-skip-tls-verify': true } });
    doc.users.push({ name: `${extra.name}-user`, user: { token: 'not-a-real-token' } });
    doc.contexts.push({ name: extra.name, context: { cluster: `${extra.name}-cluster`, user: `${extra.name}-user` } });
  }
  if (change.currentContext) doc['current-context'] = change.currentContext;
  const path = join(await tempDir('pbs-kc-'), 'kubeconfig');
  await writeFile(path, stringify(doc), { mode: 0o600 });
  return path;
}

/** A loopback port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const { createServer } = await import('node:net');
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** The kube-apiserver process of a test-bed cluster: its binary lives in the cluster's work dir. */
export function apiServerPid(clusterName: string): number {
  const marker = `/clusters/${clusterName}/bin/kube-apiserver`;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const argv0 = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0')[0] ?? '';
      if (argv0.endsWith(marker)) return Number(entry);
    } catch {
      /* the process ended while we looked */
    }
  }
  throw new Error(`no kube-apiserver found for test-bed cluster ${clusterName}`);
}

/** SIGKILL to a process that may have ended on its own already (clean-up). */
export function killPid(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}
