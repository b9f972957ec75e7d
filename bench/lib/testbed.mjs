import { spawnSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { run, timed } from './proc.mjs';

/**
 * The real-Kubernetes test bed (scripts/testbed/testbed): local etcd, kube-apiserver, scheduler,
 * controller-manager and kwok fake nodes, all on 127.0.0.1.
 */
export class Testbed {
  constructor(repo, name) {
    this.script = join(repo, 'scripts/testbed/testbed');
    this.name = name;
    this.kubeconfig = undefined;
    this.bin = undefined;
  }

  async paths() {
    const r = await run('bash', [this.script, 'paths', '--json']);
    const info = JSON.parse(r.stdout);
    if (!info.built) throw new Error('the test bed binaries are not built: run `bash scripts/testbed/testbed build` once');
    this.bin = { kubectl: info.binaries.kubectl, helm: info.binaries.helm4 ?? info.binaries.helm3 };
    return this.bin;
  }

  /** Starts the cluster (replacing one a crashed run left behind); returns the kubeconfig path. */
  async up(nodes) {
    const args = ['up', '--name', this.name, '--recreate', ...nodes.flatMap((n) => ['--node', n])];
    const r = await run('bash', [this.script, ...args], { timeoutMs: 240_000 });
    this.kubeconfig = r.stdout.trim().split('\n').at(-1);
    return this.kubeconfig;
  }

  /** Adds fake nodes (name=cpu,memory[,pods]) and waits until they are Ready. */
  async addNodes(specs) {
    await run('bash', [this.script, 'node', '--name', this.name, ...specs], { timeoutMs: 240_000 });
  }

  /** Synchronous so it also works from a signal handler; never throws. */
  downSync() {
    const r = spawnSync('bash', [this.script, 'down', '--name', this.name], {
      stdio: ['ignore', 'ignore', 'pipe'],
      encoding: 'utf8',
      timeout: 60_000,
    });
    return r.status === 0 ? undefined : `testbed down --name ${this.name} exited ${r.status}: ${r.stderr?.trim()}`;
  }

  kubectl(args, opts = {}) {
    return run(this.bin.kubectl, ['--kubeconfig', this.kubeconfig, ...args], opts);
  }
}

/** A line of a CRI log file, the format kwok serves for `kubectl logs`. */
function criLine(at, stream, text) {
  return `${at.toISOString().replace('Z', '000000Z')} ${stream} F ${text}`;
}

/**
 * Gives the release's containers a log (kwok runs nothing, so without this `kubectl logs` and the
 * doctor's log check have nothing to read). A few hundred plausible lines per container.
 */
export async function configureLogs(testbed, dir, namespace, deployment = 'pro-builder', lines = 300) {
  await mkdir(dir, { recursive: true });
  const start = Date.now() - lines * 1000;
  const files = {};
  for (const container of ['pro-builder', 'buildkit']) {
    const body = Array.from({ length: lines }, (_, i) =>
      criLine(
        new Date(start + i * 1000),
        i % 7 === 0 ? 'stderr' : 'stdout',
        `time="${new Date(start + i * 1000).toISOString()}" level=info msg="${container} heartbeat ${i}"`,
      ),
    ).join('\n');
    files[container] = join(dir, `${container}.log`);
    await writeFile(files[container], `${body}\n`);
  }
  const manifest = {
    apiVersion: 'kwok.x-k8s.io/v1alpha1',
    kind: 'ClusterLogs',
    metadata: { name: `bench-${namespace}` },
    spec: {
      selector: { matchNamespaces: [namespace] },
      logs: Object.entries(files).map(([container, logsFile]) => ({ containers: [container], logsFile })),
    },
  };
  await testbed.kubectl(['apply', '-f', '-'], { input: JSON.stringify(manifest) });
  // kwok picks the object up asynchronously; until then `kubectl logs` says "no logs found".
  const deadline = Date.now() + 30_000;
  for (const container of Object.keys(files)) {
    for (;;) {
      const r = await timed(testbed.bin.kubectl, [
        '--kubeconfig',
        testbed.kubeconfig,
        'logs',
        '-n',
        namespace,
        `deploy/${deployment}`,
        '-c',
        container,
        '--tail=1',
      ]);
      if (r.code === 0 && r.stdout.trim()) break;
      if (Date.now() > deadline) throw new Error(`kwok never served the ${container} log: ${r.stderr.trim()}`);
      await new Promise((res) => setTimeout(res, 200));
    }
  }
}

/**
 * Installs the real pro-builder chart with the built binary, non-interactively (the same path a
 * CI job would take). Returns the install's wall time.
 */
export async function installProBuilder({ cli, testbed, namespace, chart, workDir }) {
  await mkdir(workDir, { recursive: true });
  const license = join(workDir, 'LICENSE');
  // The chart only mounts the license; its content is never checked on the test bed.
  await writeFile(license, 'bench-license-not-a-real-one\n', { mode: 0o600 });
  const r = await run(
    process.execPath,
    [
      cli,
      '--yes',
      '--kubeconfig',
      testbed.kubeconfig,
      '-n',
      namespace,
      '--registry',
      'ttlsh',
      '--license-file',
      license,
      '--chart',
      chart,
      '--skip-repo-add',
      '--buildkit-cpu',
      '500m',
      '-o',
      workDir,
      '-f',
      join(workDir, 'custom-values.yaml'),
      '--timeout',
      '120s',
    ],
    { env: { ...process.env, HELM: testbed.bin.helm, NO_COLOR: '1' }, timeoutMs: 180_000 },
  );
  return r.ms;
}

/**
 * Breaks an installed release the way the doctor's "broken" latency row needs: payload-secret
 * deleted, and the pro-builder container crash-looping (what a kubelet reports after six exits;
 * kwok leaves a Running pod's status alone) with an x509 error in its log.
 */
export async function breakInstall(testbed, dir, namespace) {
  await testbed.kubectl(['delete', 'secret', 'payload-secret', '-n', namespace]);
  await mkdir(dir, { recursive: true });
  const at = new Date();
  const logs = {
    'pro-builder': [
      'Starting pro-builder',
      'level=fatal msg="failed to connect to buildkit at tcp://127.0.0.1:1234: x509: certificate signed by unknown authority"',
    ],
    buildkit: ['level=info msg="running server on 127.0.0.1:1234"'],
  };
  const spec = [];
  for (const [container, lines] of Object.entries(logs)) {
    const file = join(dir, `${container}.log`);
    await writeFile(file, `${lines.map((l) => criLine(at, 'stderr', l)).join('\n')}\n`);
    spec.push({ containers: [container], logsFile: file });
  }
  const manifest = {
    apiVersion: 'kwok.x-k8s.io/v1alpha1',
    kind: 'ClusterLogs',
    metadata: { name: `bench-${namespace}` },
    spec: { selector: { matchNamespaces: [namespace] }, logs: spec },
  };
  await testbed.kubectl(['apply', '-f', '-'], { input: JSON.stringify(manifest) });
  const pods = JSON.parse((await testbed.kubectl(['get', 'pods', '-n', namespace, '-l', 'app=pro-builder', '-o', 'json'])).stdout).items;
  for (const pod of pods) {
    const stamp = at.toISOString();
    pod.status.conditions = pod.status.conditions.map((c) =>
      c.type === 'Ready' || c.type === 'ContainersReady'
        ? { ...c, status: 'False', reason: 'ContainersNotReady', lastTransitionTime: stamp }
        : c,
    );
    pod.status.containerStatuses = pod.status.containerStatuses.map((cs) =>
      cs.name !== 'pro-builder'
        ? cs
        : {
            ...cs,
            ready: false,
            started: false,
            restartCount: 6,
            state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 2m40s restarting failed container' } },
            lastState: { terminated: { exitCode: 1, reason: 'Error', startedAt: stamp, finishedAt: stamp } },
          },
    );
    await testbed.kubectl(['replace', '--subresource=status', '-f', '-'], { input: JSON.stringify(pod) });
  }
}
