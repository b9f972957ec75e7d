import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { afterAll, expect, it } from 'vitest';
import { parse } from 'yaml';
import { referencePresent } from '../support/referenceData.js';
import { describeWithBuildKitAndCluster } from './buildbed.js';
import { runCli } from './cliHarness.js';

const script = resolve(import.meta.dirname, '../../scripts/try');

/** Whether something accepts connections on 127.0.0.1:port. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolveListening) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolveListening(true);
    });
    socket.once('error', () => resolveListening(false));
  });
}

/** Processes whose command line names `dir` (every service of the environment is started with a path inside it). */
function processesNaming(dir: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(`${dir}/`)) found.push(Number(entry));
    } catch {
      // exited meanwhile
    }
  }
  return found;
}

/** Running, or exiting: a zombie (state Z, waiting for init to reap it) holds no socket or memory and does not count. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

describeWithBuildKitAndCluster(
  'bash scripts/try: a practice environment from nothing to a pushed image, and --down leaves nothing behind',
  () => {
    const home = mkdtempSync(join(tmpdir(), 'pbs-try-'));
    const name = `try-${process.pid}-${Date.now().toString(36)}`;
    const env = { PROBUILDER_TRY_HOME: home, PROBUILDER_TRY_NAME: name, NO_COLOR: '1' };
    const run = (args: string[]) => execa('bash', [script, ...args], { env, stdin: 'ignore', reject: false, timeout: 600_000, all: true });

    afterAll(async () => {
      // Whatever happened above, nothing of the environment stays.
      await run(['--down']);
      rmSync(home, { recursive: true, force: true });
    });

    it(
      '--yes (no stdin): installs with flags, pushes a test image the registry serves, the doctor passes; --down stops every process and listener',
      { timeout: 900_000 },
      async () => {
        const t0 = Date.now();
        const up = await run(['--yes']);
        const upMs = Date.now() - t0;
        expect(up.exitCode, up.all).toBe(0);
        const out = String(up.stdout);
        const state = join(home, 'run');

        // It says how to stop it, where the kubeconfig is and which charts it used.
        const kubeconfig = readFileSync(join(state, 'kubeconfig'), 'utf8').trim();
        expect(out).toContain('bash scripts/try --down');
        expect(out).toContain(`kubeconfig: ${kubeconfig}`);
        expect(out).toMatch(/doctor --kubeconfig /);
        expect(out).toMatch(/uninstall --kubeconfig /);
        if (referencePresent)
          expect(out).toMatch(/charts {6}the reference helm repository .* served at http:\/\/127\.0\.0\.1:\d+\/ \(--chart-repo\)/);
        else expect(out).toContain('the default repository');

        // The image pushed, read back from the registry with the practice user and password.
        const regHost = `127.0.0.1:${readFileSync(join(state, 'registry.port'), 'utf8').trim()}`;
        const pushed = readFileSync(join(state, 'pushed'), 'utf8').trim();
        expect(pushed).toMatch(new RegExp(`^${regHost.replace(/\./g, '\\.')}/practice/probuilder-test:\\d{14}@sha256:[0-9a-f]{64}$`));
        const [image, digest] = pushed.split('@') as [string, string];
        const repo = image.slice(regHost.length + 1, image.lastIndexOf(':'));
        const password = readFileSync(join(state, 'registry-password'), 'utf8').trim();
        const res = await fetch(`http://${regHost}/v2/${repo}/manifests/${digest}`, {
          headers: {
            Authorization: `Basic ${Buffer.from(`practice:${password}`).toString('base64')}`,
            Accept:
              'application/vnd.oci.image.manifest.v1+json, application/vnd.oci.image.index.v1+json, application/vnd.docker.distribution.manifest.v2+json',
          },
        });
        expect(res.status).toBe(200);
        expect(res.headers.get('docker-content-digest')).toBe(digest);
        const manifest = (await res.json()) as { schemaVersion: number };
        expect(manifest.schemaVersion).toBe(2);
        // ...and the script showed that manifest; the password never reached the terminal.
        expect(out).toContain(`The registry serves ${pushed}`);
        expect(out).toMatch(/"schemaVersion": ?2/);
        expect(up.all).not.toContain(password);

        // The doctor, as the script says to run it, finds a healthy install.
        const t1 = Date.now();
        const doctor = await runCli(['doctor', '--kubeconfig', kubeconfig, '--output', 'json'], {
          env: { HELM: join(state, 'bin', 'helm') },
          timeoutMs: 120_000,
        });
        const doctorMs = Date.now() - t1;
        const report = JSON.parse(doctor.stdout) as { checks: { id: string; status: string; summary: string }[] };
        const failed = report.checks.filter((c) => c.status === 'fail');
        expect(failed, doctor.stdout).toEqual([]);
        expect(doctor.exitCode === 0 || doctor.exitCode === 4, doctor.stdout).toBe(true);
        // The node fits the chart's requests, and the (kwok) pods run. (secrets.registry warns that 127.0.0.1 is
        // the pod itself: true of a real pod, while here the reference builder runs on this machine.)
        for (const id of ['nodes.fit', 'workload.deployment', 'workload.pods/', 'secrets.payload', 'helm.release']) {
          const check = report.checks.find((c) => c.id === id || (id.endsWith('/') && c.id.startsWith(id)));
          expect(check?.status, `${id}: ${doctor.stdout}`).toBe('pass');
        }

        // Everything it started, before --down: pids from its pid files, the ports it used (the API server's too).
        const pids = readdirSync(join(state, 'pids')).map((f) => Number(readFileSync(join(state, 'pids', f), 'utf8').trim()));
        expect(pids.length).toBeGreaterThanOrEqual(3);
        for (const pid of pids) expect(alive(pid)).toBe(true);
        const ports = readdirSync(state)
          .filter((f) => f.endsWith('.port'))
          .map((f) => Number(readFileSync(join(state, f), 'utf8').trim()));
        const server = (parse(readFileSync(kubeconfig, 'utf8')) as { clusters: { cluster: { server: string } }[] }).clusters[0]!.cluster
          .server;
        ports.push(Number(new URL(server).port));
        for (const port of ports) expect(await listening(port), `port ${port}`).toBe(true);

        const t2 = Date.now();
        const down = await run(['--down']);
        const downMs = Date.now() - t2;
        expect(down.exitCode, down.all).toBe(0);
        for (const pid of pids) expect(alive(pid), `pid ${pid}`).toBe(false);
        for (const port of ports) expect(await listening(port), `port ${port}`).toBe(false);
        expect(processesNaming(home)).toEqual([]);
        expect(processesNaming(resolve(kubeconfig, '..'))).toEqual([]);
        expect(existsSync(state)).toBe(false);
        console.log(`scripts/try timings: --yes to a pushed image ${upMs} ms, doctor ${doctorMs} ms, --down ${downMs} ms`);
      },
    );
  },
);
