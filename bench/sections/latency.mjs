import { chmod, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startDelayProxy } from '../lib/delayProxy.mjs';
import { timed, userEnv } from '../lib/proc.mjs';
import { summarize } from '../lib/stats.mjs';
import { kubectlSequence } from './doctor.mjs';
import { loadBuildbed, timeTestBuild } from './testbuild.mjs';

/**
 * Sequential round trips per command: each command runs through a delay proxy at 0 ms and at
 * `rttMs` round trip, in pairs (one run at each), and the median over the pairs of
 * (t(rtt) − t(0)) / rtt is the number of round trips on its critical path.
 * helm is started through a shim that logs how long each helm process ran, so its own round trips
 * are counted apart from ours.
 */

/** The kubeconfig with every cluster's server pointed at the proxy port(s) (one context per proxy). */
async function proxiedKubeconfig(source, out, ports) {
  const { KubeConfig } = await import('@kubernetes/client-node');
  const kc = new KubeConfig();
  kc.loadFromFile(source);
  const cluster = kc.getCurrentCluster();
  const user = kc.getCurrentUser();
  const names = ports.map((_, i) => (ports.length === 1 ? kc.getCurrentContext() : `far-${i + 1}`));
  const merged = new KubeConfig();
  merged.loadFromOptions({
    clusters: ports.map((port, i) => ({ ...cluster, name: `${names[i]}-cluster`, server: `https://127.0.0.1:${port}` })),
    users: [{ ...user, name: 'bench-user' }],
    contexts: names.map((name) => ({ name, cluster: `${name}-cluster`, user: 'bench-user' })),
    currentContext: names[0],
  });
  await writeFile(out, merged.exportConfig(), { mode: 0o600 });
  return { path: out, contexts: names };
}

/** A helm that logs "<start ns> <end ns> <subcommand>" per run to $PBS_BENCH_HELM_LOG, then behaves exactly like helm. */
async function helmShim(dir, realHelm) {
  const shim = join(dir, 'helm-shim');
  await writeFile(
    shim,
    [
      '#!/bin/sh',
      's=$(date +%s%N)',
      `"${realHelm}" "$@"`,
      'rc=$?',
      'e=$(date +%s%N)',
      'echo "$s $e $1" >> "$PBS_BENCH_HELM_LOG"',
      'exit $rc',
      '',
    ].join('\n'),
  );
  await chmod(shim, 0o755);
  return shim;
}

async function helmMs(log) {
  const text = await readFile(log, 'utf8').catch(() => '');
  const runs = text
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split(' '));
  return { ms: runs.reduce((t, [s, e]) => t + (Number(e) - Number(s)) / 1e6, 0), commands: runs.map((r) => r[2]) };
}

/**
 * Times one command (argv after node) through the proxy at the given round trip; returns wall
 * time and helm's share. `ok(r)` says whether the run did what it should (a failed run would time
 * an error path).
 */
async function once({ proxies, rttMs, dir, shim, realHelm, argv, ok }) {
  for (const p of proxies) p.rttMs = rttMs;
  const log = join(dir, 'helm.log');
  await rm(log, { force: true });
  const env = userEnv({ HELM: shim, PBS_BENCH_REAL_HELM: realHelm, PBS_BENCH_HELM_LOG: log, NO_COLOR: '1' });
  const r = await timed(argv[0], argv.slice(1), { env, timeoutMs: 180_000 });
  if (!ok(r)) throw new Error(`${argv.slice(1).join(' ')} at ${rttMs} ms: exit ${r.code}: ${(r.stderr || r.stdout).trim().slice(-600)}`);
  const helm = await helmMs(log);
  return { ms: r.ms, helmMs: helm.ms, helmCommands: helm.commands };
}

/** Several runs at 0 ms and at rttMs, alternating, after one warm-up of each. */
async function measure(opts, { rttMs, runs }) {
  const at = { 0: [], [rttMs]: [] };
  for (const rtt of [0, rttMs]) await once({ ...opts, rttMs: rtt });
  for (let i = 0; i < runs; i++) for (const rtt of [0, rttMs]) at[rtt].push(await once({ ...opts, rttMs: rtt }));
  // Per pair (one run at 0 ms, the next at rttMs): a busy machine's slow stretch hits both runs of a
  // pair, so the pairs' median holds better than the difference of the two medians.
  const pairs = at[0].map((a, i) => {
    const b = at[rttMs][i];
    const total = (b.ms - a.ms) / rttMs;
    const helm = (b.helmMs - a.helmMs) / rttMs;
    return { total, helm, own: total - helm };
  });
  const med = (key) => summarize(pairs.map((p) => p[key])).median;
  return {
    t0: summarize(at[0].map((x) => x.ms)),
    t1: summarize(at[rttMs].map((x) => x.ms)),
    total: med('total'),
    helm: med('helm'),
    own: med('own'),
    ownPairs: summarize(pairs.map((p) => p.own)),
    helmCommands: at[rttMs][0].helmCommands,
  };
}

/** A sequence of commands (the kubectl/helm a user would type) timed the same way, end to end. */
async function measureSequence(commands, proxies, { rttMs, runs }) {
  const runAll = async (rtt) => {
    for (const p of proxies) p.rttMs = rtt;
    let total = 0;
    for (const [cmd, args] of commands) {
      const r = await timed(cmd, args);
      if (r.code !== 0) throw new Error(`${cmd} ${args.join(' ')} at ${rtt} ms exited ${r.code}: ${r.stderr.trim().slice(-400)}`);
      total += r.ms;
    }
    return total;
  };
  await runAll(0);
  await runAll(rttMs);
  const at = { 0: [], [rttMs]: [] };
  for (let i = 0; i < runs; i++) for (const rtt of [0, rttMs]) at[rtt].push(await runAll(rtt));
  const pairs = summarize(at[0].map((a, i) => (at[rttMs][i] - a) / rttMs));
  return { t0: summarize(at[0]), t1: summarize(at[rttMs]), total: pairs.median, pairs };
}

/**
 * The latency section. `scenarios` names the namespaces: healthy (installed, clean logs) and broken
 * (installed, payload-secret deleted, a crash-looping pro-builder with an x509 error in its log).
 */
export async function benchLatency({
  cli,
  baselineCli,
  testbed,
  chart,
  dir,
  healthyNamespace,
  brokenNamespace,
  installDir,
  rttMs = 100,
  runs = 3,
  sequenceRuns = runs,
}) {
  const server = new URL(
    (
      await import('@kubernetes/client-node').then(({ KubeConfig }) => {
        const kc = new KubeConfig();
        kc.loadFromFile(testbed.kubeconfig);
        return kc;
      })
    ).getCurrentCluster().server,
  );
  const upstreamPort = Number(server.port);
  const proxies = await Promise.all([0, 1, 2].map(() => startDelayProxy({ upstreamPort })));
  try {
    const single = await proxiedKubeconfig(testbed.kubeconfig, join(dir, 'far-kubeconfig'), [proxies[0].port]);
    const fleet = await proxiedKubeconfig(
      testbed.kubeconfig,
      join(dir, 'far-fleet-kubeconfig'),
      proxies.map((p) => p.port),
    );
    const shim = await helmShim(dir, testbed.bin.helm);
    const base = { proxies, dir, shim, realHelm: testbed.bin.helm };
    const doctorOk = (r) => r.stdout.trim().startsWith('{');
    const out = {};
    const commands = (cli) => {
      const doctor = (ns, kubeconfig = single.path, extra = []) => [
        process.execPath,
        cli,
        'doctor',
        '--output',
        'json',
        '--kubeconfig',
        kubeconfig,
        '-n',
        ns,
        ...extra,
      ];
      const license = join(installDir, 'LICENSE');
      return {
        doctorHealthy: { argv: doctor(healthyNamespace), ok: (r) => doctorOk(r) && r.code === 0 },
        doctorBroken: { argv: doctor(brokenNamespace), ok: (r) => doctorOk(r) && r.code === 3 },
        wizard: {
          argv: [
            process.execPath,
            cli,
            '--yes',
            '--dry-run',
            '--kubeconfig',
            single.path,
            '-n',
            healthyNamespace,
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
            installDir,
            '-f',
            join(installDir, 'custom-values.yaml'),
            '--timeout',
            '120s',
          ],
          ok: (r) => r.code === 0,
        },
        uninstall: {
          argv: [
            process.execPath,
            cli,
            'uninstall',
            '--dry-run',
            '--yes',
            '--kubeconfig',
            single.path,
            '-n',
            healthyNamespace,
            '-o',
            installDir,
          ],
          ok: (r) => r.code === 0,
        },
        fleet: { argv: doctor(healthyNamespace, fleet.path, ['--all-contexts']), ok: (r) => doctorOk(r) && r.code === 0 },
        single: (context) => ({
          argv: doctor(healthyNamespace, fleet.path, ['--context', context]),
          ok: (r) => doctorOk(r) && r.code === 0,
        }),
      };
    };
    const cmds = commands(cli);
    const single_ = cmds.single;
    delete cmds.single;
    // The same commands of another build (main before this change), measured in the same run.
    if (baselineCli) {
      out.before = {};
      const before = commands(baselineCli);
      for (const name of ['doctorHealthy', 'doctorBroken', 'wizard', 'uninstall'])
        out.before[name] = await measure({ ...base, ...before[name] }, { rttMs, runs });
    }
    // A build without --all-contexts (the "before" figures) has no fleet row.
    const help = await timed(process.execPath, [cli, 'doctor', '--help']);
    if (!help.stdout.includes('--all-contexts')) delete cmds.fleet;
    for (const [name, c] of Object.entries(cmds)) out[name] = await measure({ ...base, ...c }, { rttMs, runs });
    if (out.fleet) {
      // The slowest single cluster of the three, each through its own proxy.
      const singles = [];
      for (const context of fleet.contexts) singles.push(await measure({ ...base, ...single_(context) }, { rttMs, runs }));
      out.slowestSingle = singles.reduce((a, b) => (b.t1.median > a.t1.median ? b : a));
    }
    const k = testbed.bin.kubectl;
    out.kubectlHealthy = await measureSequence(
      kubectlSequence({ kubectl: k, helm: testbed.bin.helm, kubeconfig: single.path, namespace: healthyNamespace }),
      proxies,
      { rttMs, runs: sequenceRuns },
    );
    out.kubectlBroken = await measureSequence(
      kubectlSequence({ kubectl: k, helm: testbed.bin.helm, kubeconfig: single.path, namespace: brokenNamespace }),
      proxies,
      { rttMs, runs: sequenceRuns },
    );
    out.connections = proxies.map((p) => p.connections);
    return out;
  } finally {
    await Promise.all(proxies.map((p) => p.close()));
  }
}

/**
 * `test-build` through a far API server, up to its first streamed log line: the payload and
 * registry secrets are read from the cluster and the build goes through a port-forward to the
 * pro-builder pod, all through the delay proxy. The pod is a kwok fake whose port 8080 the kwok
 * controller forwards to the reference builder on 127.0.0.1 (as in test/integration/test-build.test.ts),
 * which builds with the test bed's BuildKit and pushes to its registry. Returns the first-log and
 * whole-run times at 0 ms and at `rttMs`, and the round trips to the first log line.
 */
export async function benchTestBuildLatency({ repo, cli, testbed, cacheDir, dir, rttMs = 100, runs = 3 }) {
  const bed = await loadBuildbed(repo, cacheDir);
  const availability = bed.buildbedAvailability();
  if (!availability.available) throw new Error(`the BuildKit test bed is not available: ${availability.reason}`);
  const namespace = 'openfaas-far-build';
  const { randomBytes } = await import('node:crypto');
  const credentials = { username: 'bench', password: randomBytes(12).toString('hex') };
  const registry = await bed.startRegistry({ auth: credentials });
  const daemon = await bed.startBuildkitd({ transport: 'unix', httpRegistries: [registry.host] });
  const cleanups = [() => daemon.stop(), () => registry.stop()];
  const server = new URL(
    (
      await import('@kubernetes/client-node').then(({ KubeConfig }) => {
        const kc = new KubeConfig();
        kc.loadFromFile(testbed.kubeconfig);
        return kc;
      })
    ).getCurrentCluster().server,
  );
  const proxy = await startDelayProxy({ upstreamPort: Number(server.port) });
  cleanups.unshift(() => proxy.close());
  try {
    cleanups.unshift(() => testbed.kubectl(['delete', 'namespace', namespace, '--wait=false']).catch(() => undefined));
    const labels = { app: 'pro-builder', component: 'pro-builder' };
    const objects = {
      apiVersion: 'v1',
      kind: 'List',
      items: [
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } },
        {
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: { name: 'payload-secret', namespace },
          stringData: { 'payload-secret': randomBytes(32).toString('base64') },
        },
        {
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: { name: 'registry-secret', namespace },
          stringData: { 'config.json': registry.dockerConfigJson() },
        },
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: 'pro-builder', namespace, labels: { ...labels, release: 'pro-builder' } },
          spec: {
            replicas: 1,
            selector: { matchLabels: labels },
            template: {
              metadata: { labels },
              spec: {
                containers: [{ name: 'pro-builder', image: 'ghcr.io/openfaasltd/pro-builder:bench', ports: [{ containerPort: 8080 }] }],
              },
            },
          },
        },
      ],
    };
    await testbed.kubectl(['apply', '-f', '-'], { input: JSON.stringify(objects) });
    const secrets = bed.clusterSecretSource({ kubeconfig: testbed.kubeconfig, namespace });
    const builder = await bed.startReferenceBuilder({
      payloadSecret: secrets.payloadSecret,
      dockerConfigJson: secrets.dockerConfigJson,
      buildkit: { addr: daemon.addr },
    });
    cleanups.unshift(() => builder.stop());
    const forward = await bed.forwardPodPortTo({
      kubeconfig: testbed.kubeconfig,
      namespace,
      port: 8080,
      target: { address: '127.0.0.1', port: builder.port },
    });
    cleanups.unshift(() => forward.remove());
    await testbed.kubectl(['wait', '--for=condition=Ready', 'pod', '-l', 'app=pro-builder', '-n', namespace, '--timeout=120s'], {
      timeoutMs: 150_000,
    });
    const far = await proxiedKubeconfig(testbed.kubeconfig, join(dir, 'far-build-kubeconfig'), [proxy.port]);
    const once = async (rtt) => {
      proxy.rttMs = rtt;
      return timeTestBuild(cli, ['test-build', '--kubeconfig', far.path, '-n', namespace, '--output', 'plain']);
    };
    const at = { 0: [], [rttMs]: [] };
    for (const rtt of [0, rttMs]) await once(rtt);
    for (let i = 0; i < runs; i++) for (const rtt of [0, rttMs]) at[rtt].push(await once(rtt));
    const first = (rtt) => summarize(at[rtt].map((r) => r.firstLogMs));
    const total = (rtt) => summarize(at[rtt].map((r) => r.totalMs));
    const pairs = summarize(at[0].map((a, i) => (at[rttMs][i].firstLogMs - a.firstLogMs) / rttMs));
    return {
      t0: first(0),
      t1: first(rttMs),
      total: pairs.median,
      pairs,
      whole: { t0: total(0), t1: total(rttMs) },
      connections: proxy.connections,
    };
  } finally {
    for (const c of cleanups) await c().catch(() => undefined);
  }
}
