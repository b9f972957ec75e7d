import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildbedBinaries, rootlessAvailability, ROOTLESS_USER } from './binaries.js';
import { freePort, removeDir, scratchDir, startDaemon, waitForDaemon, type Daemon } from './daemon.js';

/** The daemon side of the chart 0.4/0.5 certificate secret (buildkit-daemon-certs), PEM text. */
export interface DaemonTls {
  caCert: string;
  serverCert: string;
  serverKey: string;
}

/** The client side (buildkit-client-certs), PEM text; what pro-builder (or buildctl) presents. */
export interface ClientTls {
  caCert: string;
  clientCert: string;
  clientKey: string;
  /** The name the client verifies; default the host of the address (127.0.0.1), like the chart's buildkit_server_name. */
  serverName?: string;
}

export type StartBuildkitdOptions =
  /** Chart 0.4/0.5: TCP on 127.0.0.1 with mutual TLS. */
  (
    | { transport: 'tcp'; tls: DaemonTls }
    /** Chart 0.6: a unix socket shared with pro-builder. */
    | { transport: 'unix' }
  ) & {
    /** host:port of registries to mark `http = true`. */
    httpRegistries?: string[];
    /**
     * Run as the unprivileged pbs-rootless user inside rootlesskit (--net=host, so 127.0.0.1 is the
     * host's), like the charts' rootless mode. Needs rootlessAvailability().
     */
    rootless?: boolean;
  };

export interface RunningBuildkitd {
  /** tcp://127.0.0.1:PORT or unix:///.../buildkitd.sock */
  readonly addr: string;
  readonly transport: 'tcp' | 'unix';
  readonly rootless: boolean;
  readonly daemon: Daemon;
  /** The scratch folder holding --root, the config and the log. */
  readonly dir: string;
  stop(): Promise<void>;
}

/** Writes PEM files for buildctl's --tlscacert/--tlscert/--tlskey into `dir` (0600). */
export function writeClientTlsFiles(dir: string, tls: ClientTls): { ca: string; cert: string; key: string } {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const files = { ca: join(dir, 'ca.crt'), cert: join(dir, 'client.crt'), key: join(dir, 'client.key') };
  writeFileSync(files.ca, tls.caCert, { mode: 0o600 });
  writeFileSync(files.cert, tls.clientCert, { mode: 0o600 });
  writeFileSync(files.key, tls.clientKey, { mode: 0o600 });
  return files;
}

/**
 * A real buildkitd, as root, with the OCI worker (runc from Debian) and --root in a scratch folder,
 * bound to 127.0.0.1 or to a unix socket in that folder. `httpRegistries` (host:port) are marked
 * `http = true` in buildkitd.toml, as a plain-HTTP private registry needs.
 */
export async function startBuildkitd(opts: StartBuildkitdOptions): Promise<RunningBuildkitd> {
  const bins = buildbedBinaries();
  const rootless = opts.rootless === true;
  const rl = rootless ? rootlessAvailability() : undefined;
  if (rl && !rl.available) throw new Error(`rootless buildkitd is unavailable: ${rl.reason}`);
  // The unprivileged user cannot reach the run's TMPDIR (0700, root's): its folder sits in /tmp.
  const dir = rootless ? mkdtempSync('/tmp/pbs-buildkitd-rootless-') : scratchDir('pbs-buildkitd');
  const registries = (opts.httpRegistries ?? []).map((h) => `[registry."${h}"]\n  http = true\n`).join('\n');
  const toml = [
    // The trace socket defaults to /run/buildkit/otel-grpc.sock: keep it in the scratch folder.
    '[otel]',
    `  socketPath = "${join(dir, 'otel-grpc.sock')}"`,
    '[cdi]',
    '  disabled = true',
    '[worker.oci]',
    '  enabled = true',
    `  binary = "${bins.runc}"`,
    '  gc = false',
    '[worker.containerd]',
    '  enabled = false',
    registries,
  ].join('\n');
  writeFileSync(join(dir, 'buildkitd.toml'), toml, { mode: 0o600 });
  const args = ['--config', join(dir, 'buildkitd.toml'), '--root', join(dir, 'root')];
  let addr: string;
  if (opts.transport === 'tcp') {
    const port = await freePort();
    addr = `tcp://127.0.0.1:${port}`;
    const certs = join(dir, 'certs');
    mkdirSync(certs, { mode: 0o700 });
    writeFileSync(join(certs, 'ca.crt'), opts.tls.caCert, { mode: 0o600 });
    writeFileSync(join(certs, 'server.crt'), opts.tls.serverCert, { mode: 0o600 });
    writeFileSync(join(certs, 'server.key'), opts.tls.serverKey, { mode: 0o600 });
    // The chart's flags for the 0.4/0.5 generation.
    args.push(
      '--addr',
      addr,
      '--tlscert',
      join(certs, 'server.crt'),
      '--tlskey',
      join(certs, 'server.key'),
      '--tlscacert',
      join(certs, 'ca.crt'),
    );
  } else {
    addr = `unix://${join(dir, 'buildkitd.sock')}`;
    args.push('--addr', addr);
  }
  let daemon: Daemon;
  if (rl?.available) {
    // Nor can it read root's cache folder: it runs its own copy of the binary (a copy, not a hard
    // link: the chown below would hand the cached binary itself to that user).
    const own = join(dir, 'buildkitd');
    copyFileSync(bins.buildkitd, own);
    writeFileSync(join(dir, 'buildkitd.log'), '', { mode: 0o600 });
    const chown = spawnSync('chown', ['-R', `${rl.uid}:${rl.gid}`, dir]);
    if (chown.status !== 0) throw new Error(`chown ${dir} failed: ${chown.stderr}`);
    const wrapped = [
      '-u',
      ROOTLESS_USER,
      '--',
      'env',
      `HOME=${dir}`,
      `XDG_RUNTIME_DIR=${dir}`,
      // not the run's TMPDIR, which this user cannot enter
      `TMPDIR=${dir}`,
      'PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin',
      rl.rootlesskit,
      '--net=host',
      '--copy-up=/etc',
      `--state-dir=${join(dir, 'rootlesskit')}`,
      own,
      ...args,
    ];
    const env = { ...process.env, PATH: `${process.env['PATH'] ?? ''}:/usr/sbin:/sbin` };
    daemon = startDaemon('buildkitd (rootless)', 'runuser', wrapped, { env, logFile: join(dir, 'buildkitd.log'), processGroup: true });
  } else {
    daemon = startDaemon('buildkitd', bins.buildkitd, args, { logFile: join(dir, 'buildkitd.log') });
  }
  const stop = async () => {
    await daemon.stop();
    removeDir(dir);
    cleanUpRunDirs();
  };
  try {
    await waitForDaemon(
      daemon,
      `a worker on ${addr}`,
      async () => {
        if (opts.transport === 'unix')
          return existsSync(join(dir, 'buildkitd.sock')) && (await buildctl(addr, ['debug', 'workers'])).exitCode === 0;
        // Over TCP a probe would need a client certificate; the daemon says when it listens (after
        // its workers are set up).
        return daemon.log().includes('running server on');
      },
      120_000,
    );
  } catch (e) {
    await stop();
    throw e;
  }
  return { addr, transport: opts.transport, rootless, daemon, dir, stop };
}

/**
 * buildkitd and runc leave these outside --root: runc's state folder (one entry per running
 * container, gone once it exits) and buildkit's default socket folder. Removed when empty only, so
 * another daemon's state is never touched.
 */
function cleanUpRunDirs(): void {
  for (const d of ['/run/runc', '/run/buildkit']) {
    try {
      if (readdirSync(d).length === 0) rmdirSync(d);
    } catch {
      // absent, or in use by another daemon
    }
  }
}

export interface BuildctlResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface BuildctlOptions {
  tls?: ClientTls;
  /** Where to write the TLS files (default a scratch folder removed afterwards). */
  tlsDir?: string;
  /** DOCKER_CONFIG: the folder holding config.json that authenticates pushes. */
  dockerConfigDir?: string;
  /** Each line of output (stderr carries the plain progress) as it arrives. */
  onLine?: (line: string) => void;
  signal?: AbortSignal;
  timeoutMs?: number;
}

/** Runs buildctl against `addr` with optional client TLS, collecting its output. */
export async function buildctl(addr: string, args: string[], opts: BuildctlOptions = {}): Promise<BuildctlResult> {
  const bins = buildbedBinaries();
  const global = ['--addr', addr];
  let ownTlsDir: string | undefined;
  if (opts.tls) {
    const dir = opts.tlsDir ?? (ownTlsDir = scratchDir('pbs-buildctl-tls'));
    const f = writeClientTlsFiles(dir, opts.tls);
    global.push(
      '--tlscacert',
      f.ca,
      '--tlscert',
      f.cert,
      '--tlskey',
      f.key,
      '--tlsservername',
      opts.tls.serverName ?? new URL(addr).hostname,
    );
  }
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (opts.dockerConfigDir) env['DOCKER_CONFIG'] = opts.dockerConfigDir;
  else delete env['DOCKER_CONFIG'];
  try {
    return await new Promise<BuildctlResult>((resolveResult, reject) => {
      const child = spawn(bins.buildctl, [...global, ...args], {
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
        signal: opts.signal,
        timeout: opts.timeoutMs ?? 300_000,
      });
      let stdout = '';
      let stderr = '';
      let pending = '';
      const emit = (chunk: string) => {
        if (!opts.onLine) return;
        pending += chunk;
        const lines = pending.split('\n');
        pending = lines.pop() ?? '';
        for (const l of lines) opts.onLine(l);
      };
      child.stdout.setEncoding('utf8').on('data', (c: string) => {
        stdout += c;
        emit(c);
      });
      child.stderr.setEncoding('utf8').on('data', (c: string) => {
        stderr += c;
        emit(c);
      });
      child.once('error', reject);
      child.once('close', (code) => {
        if (pending && opts.onLine) opts.onLine(pending);
        resolveResult({ exitCode: code ?? -1, stdout, stderr });
      });
    });
  } finally {
    if (ownTlsDir) removeDir(ownTlsDir);
  }
}

export interface BuildAndPushOptions extends BuildctlOptions {
  /** Folder with the build context; the Dockerfile is read from `dockerfileDir` (default the same). */
  contextDir: string;
  dockerfileDir?: string;
  /** Full image name, e.g. 127.0.0.1:5000/team/app:tag. */
  image: string;
  push?: boolean;
  buildArgs?: Record<string, string>;
  platforms?: string[];
}

/** `buildctl build --frontend dockerfile.v0 ... --output type=image,name=IMAGE,push=true`, as pro-builder runs it. */
export function buildAndPush(addr: string, opts: BuildAndPushOptions): Promise<BuildctlResult> {
  const args = [
    'build',
    '--progress',
    'plain',
    '--frontend',
    'dockerfile.v0',
    '--local',
    `context=${opts.contextDir}`,
    '--local',
    `dockerfile=${opts.dockerfileDir ?? opts.contextDir}`,
    '--output',
    `type=image,name=${opts.image},push=${opts.push === false ? 'false' : 'true'}`,
  ];
  for (const [k, v] of Object.entries(opts.buildArgs ?? {})) args.push('--opt', `build-arg:${k}=${v}`);
  if (opts.platforms?.length) args.push('--opt', `platform=${opts.platforms.join(',')}`);
  return buildctl(addr, args, opts);
}
