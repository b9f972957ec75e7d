#!/usr/bin/env node
/**
 * `npm run bench`: start-up, package size, doctor against the kubectl commands it replaces (on a
 * small and a busy real test bed cluster) and certificate generation against openssl, measured
 * side by side in one run. Prints one table of ratios and writes it to bench/RESULTS.md.
 *
 *   npm run bench [-- --quick] [-- --no-cluster] [-- --cli path/to/cli.js]
 *
 * --quick       fewer runs per figure (a smoke run of the bench itself)
 * --no-cluster  skip everything that needs the test bed (doctor rows become n/a)
 * --cli FILE    measure this bundle instead of building one
 * --rtt MS      the latency section's round trip (default 100)
 * --latency-runs N  pairs (0 ms, --rtt) per latency figure (default 5)
 * --only LIST   run only these sections, comma-separated: start, size, certs, testbuild, doctor, scale, latency
 *               (scale = doctor at scale; it needs doctor's figures, so it runs doctor too).
 *               A partial run prints its table but leaves bench/RESULTS.md alone.
 *
 * The bundle is built with the project's tsup config into bench/.cache/build, not dist/, so a
 * concurrent `npm run build` elsewhere cannot swap the file under a measurement. The test bed
 * cluster "bench" is always torn down, also on error or Ctrl+C. All traffic stays on 127.0.0.1.
 */
import { rmSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { describeMachine, waitForQuietCpu } from './lib/machine.mjs';
import { run } from './lib/proc.mjs';
import { summarize } from './lib/stats.mjs';
import { bytes, markdownTable, mib, ms, ratio, resultOf, spread, textTable } from './lib/table.mjs';
import { breakInstall, configureLogs, installProBuilder, Testbed } from './lib/testbed.mjs';
import { createNoise, waitForNoisePods } from './lib/noise.mjs';
import { benchCerts } from './sections/certs.mjs';
import { benchBundle, benchDoctor, benchSequence, doctorAvailable, runDoctor } from './sections/doctor.mjs';
import { benchLatency, benchTestBuildLatency } from './sections/latency.mjs';
import { benchSize, npxSmoke } from './sections/size.mjs';
import { benchFirstFrame, benchInkFloor, benchVersion } from './sections/start.mjs';
import { benchTestBuild } from './sections/testbuild.mjs';

const benchDir = import.meta.dirname;
const repo = resolve(benchDir, '..');
const cacheDir = join(benchDir, '.cache');
const CHART = join(
  process.env.PBS_REFERENCE_DIR ? resolve(process.env.PBS_REFERENCE_DIR) : resolve(repo, '../shared/reference'),
  'charts/pro-builder-0.4.19',
);
const NAMESPACE = 'openfaas';
const BROKEN_NAMESPACE = 'openfaas-broken';

// PBS_BENCH_CLUSTER: another name, so two benches on one machine do not replace each other's cluster.
const CLUSTER = process.env.PBS_BENCH_CLUSTER || 'bench';

const GOALS = {
  startRatio: 4,
  tarballBytes: 1.5e6,
  doctorRatio: 0.5,
  scaleRatio: 2,
  rssRatio: 1.5,
  certRatio: 1.5,
  testBuildRatio: 1.3,
  doctorTrips: 4,
  brokenTrips: 5,
  wizardTrips: 5,
  fleetRatio: 1.2,
};
const SCALE = { events: 4000, ownEvents: 1000, pods: 2000, nodes: 100 };

const { values: flags } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    'no-cluster': { type: 'boolean', default: false },
    cli: { type: 'string' },
    only: { type: 'string' },
    rtt: { type: 'string', default: '100' },
    'latency-runs': { type: 'string' },
    'baseline-cli': { type: 'string' },
  },
});
const SECTIONS = ['start', 'size', 'certs', 'testbuild', 'doctor', 'scale', 'latency'];
// The latency section's round trip; a machine under load needs a longer one for its noise to matter less.
const RTT_MS = Number(flags.rtt);
const only = flags.only
  ?.split(',')
  .map((s) => s.trim())
  .filter(Boolean);
for (const name of only ?? []) {
  if (!SECTIONS.includes(name)) {
    process.stderr.write(`--only: unknown section "${name}" (known: ${SECTIONS.join(', ')})\n`);
    process.exit(2);
  }
}
if (only?.includes('scale') && !only.includes('doctor')) only.push('doctor');
const runs = (name) => !only || only.includes(name);
const needsCluster = runs('start') || runs('doctor') || runs('latency');
const RUNS = flags.quick
  ? { start: 5, doctor: 3, scale: 3, scaleSequence: 1, certs: 3, testbuild: 3, latency: 1, latencySequence: 1 }
  : { start: 21, doctor: 9, scale: 9, scaleSequence: 3, certs: 11, testbuild: 9, latency: 5, latencySequence: 1 };
// More pairs per latency figure on a busy machine (each pair is one run at 0 ms and one at --rtt).
if (flags['latency-runs']) RUNS.latency = Number(flags['latency-runs']);

const began = Date.now();
const elapsed = () => `${((Date.now() - began) / 1000).toFixed(0).padStart(4)} s`;
const log = (text) => process.stderr.write(`[bench ${elapsed()}] ${text}\n`);

// Children (tsup, npx, the CLI) run on this same Node.
process.env.PATH = `${dirname(process.execPath)}${delimiter}${process.env.PATH}`;

const testbed = new Testbed(repo, CLUSTER);
let clusterUp = false;
function tearDown() {
  if (!clusterUp) return;
  clusterUp = false;
  log(`tearing down test bed cluster "${CLUSTER}"`);
  const problem = testbed.downSync();
  if (problem) process.stderr.write(`${problem}\n`);
  // The install wrote the throwaway cluster's keys and signing secret here (mode 0600): drop them.
  for (const dir of ['install', 'install-broken', 'logs', 'logs-broken', 'latency'])
    rmSync(join(cacheDir, dir), { recursive: true, force: true });
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    tearDown();
    process.exit(128 + ({ SIGINT: 2, SIGTERM: 15, SIGHUP: 1 }[signal] ?? 0));
  });
}
process.on('exit', tearDown);

const rows = [];
const notes = [];

/** Runs one section; a failure becomes a FAIL row with the reason in the notes, and the rest goes on. */
async function section(name, fn) {
  log(name);
  try {
    await fn();
  } catch (e) {
    rows.push({ goal: name, measured: 'error', target: '', pass: false });
    notes.push(
      `${name} failed: ${String(e?.message ?? e)
        .split('\n')
        .slice(0, 6)
        .join(' / ')}`,
    );
    log(`${name} FAILED: ${e?.stack ?? e}`);
  }
}

async function buildCli() {
  if (flags.cli) return { cli: resolve(flags.cli), distDir: dirname(resolve(flags.cli)) };
  const distDir = join(cacheDir, 'build');
  await rm(distDir, { recursive: true, force: true });
  await run(join(repo, 'node_modules/.bin/tsup'), ['--out-dir', distDir], { cwd: repo, timeoutMs: 300_000 });
  return { cli: join(distDir, 'cli.js'), distDir };
}

async function main() {
  const machine = describeMachine();
  const load = loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ');
  await mkdir(cacheDir, { recursive: true });

  log('building the bundle with the project tsup config');
  const { cli, distDir } = await buildCli();

  let kubeconfig;
  let bin;
  let installed = false;
  if (!flags['no-cluster'] && needsCluster) {
    await section('Test bed: cluster up and pro-builder install', async () => {
      bin = await testbed.paths();
      clusterUp = true;
      const upStart = Date.now();
      kubeconfig = await testbed.up(['kwok-big=8,16Gi,110', 'kwok-small=1,1Gi,110']);
      const upMs = Date.now() - upStart;
      const installMs = await installProBuilder({ cli, testbed, namespace: NAMESPACE, chart: CHART, workDir: join(cacheDir, 'install') });
      await configureLogs(testbed, join(cacheDir, 'logs'), NAMESPACE);
      installed = true;
      notes.push(
        `Test bed: cluster up in ${ms(upMs)}; pro-builder 0.4.19 installed by the built binary (--yes, ttl.sh registry) in ${ms(installMs)}.`,
      );
    });
  }

  // Timings compare our process with bare Node on the same machine; neither should share the two
  // cores with a control plane still rolling out the install above.
  if (runs('start') || runs('doctor')) {
    const settle = await waitForQuietCpu();
    notes.push(
      settle.quiet
        ? `Before the timed sections the machine settled for ${ms(settle.waitedMs)} (CPU ${(settle.idle * 100).toFixed(0)}% idle over one second, twice in a row).`
        : `The machine did not settle within ${ms(settle.waitedMs)} (last CPU idle ${settle.idle === undefined ? 'unknown' : `${(settle.idle * 100).toFixed(0)}%`}); the timings below ran on a busy machine.`,
    );
  }

  if (runs('start'))
    await section('Start: --version', async () => {
      const r = await benchVersion({ cli, runs: RUNS.start });
      rows.push({
        goal: 'Start: `--version` to exit',
        measured: spread(r.subject),
        baseline: `node -e 0: ${spread(r.baseline)}`,
        ratio: ratio(r.ratio),
        target: `≤ ${GOALS.startRatio}x`,
        pass: r.ratio.median <= GOALS.startRatio,
      });
    });

  if (runs('start'))
    await section('Start: wizard first frame', async () => {
      const r = await benchFirstFrame({ cli, runs: RUNS.start, kubeconfig, namespace: NAMESPACE, helm: bin?.helm });
      rows.push({
        goal: `Start: wizard first frame in a pty (${kubeconfig ? 'test bed kubeconfig' : 'no kubeconfig'})`,
        measured: spread(r.subject),
        baseline: `node in the same pty: ${spread(r.baseline)}`,
        ratio: ratio(r.ratio),
        target: `≤ ${GOALS.startRatio}x`,
        pass: r.ratio.median <= GOALS.startRatio,
      });
    });

  if (runs('start'))
    await section('Start: Ink alone (floor)', async () => {
      const r = await benchInkFloor({ repo, outDir: join(cacheDir, 'ink-floor'), runs: RUNS.start });
      rows.push({
        goal: 'Start: first frame of a one-line Ink program, same build (floor for the row above)',
        measured: spread(r.subject),
        baseline: `node in the same pty: ${spread(r.baseline)}`,
        ratio: ratio(r.ratio),
        target: 'context',
        pass: 'info',
      });
    });

  if (runs('size'))
    await section('Size', async () => {
      const s = await benchSize({ repo, distDir, cacheDir });
      rows.push({
        goal: `Size: dist/ (entry + ${s.distFiles - 1} chunks loaded on demand)`,
        measured: bytes(s.distBytes),
        baseline: `unpacked in tarball: ${mib(s.unpackedBytes)}`,
        target: 'small',
        pass: 'info',
      });
      rows.push({
        goal: 'Size: npm pack tarball',
        measured: bytes(s.tarballBytes),
        baseline: `limit ${mib(GOALS.tarballBytes)} (1.5 MB)`,
        ratio: `${(s.tarballBytes / GOALS.tarballBytes).toFixed(2)}x of limit`,
        target: '< 1.5 MB',
        pass: s.tarballBytes < GOALS.tarballBytes,
      });
      const depsOk = s.dependencyFields.length === 0 && s.imports.length === 0;
      rows.push({
        goal: 'Size: runtime dependencies to install',
        measured: depsOk
          ? '0 (no dependencies in package.json; bundle imports only Node built-ins)'
          : `fields: ${s.dependencyFields.join(', ') || '—'}; non-built-in imports: ${s.imports.join(', ') || '—'}`,
        baseline: `npm pack files: ${s.files.filter((f) => !f.startsWith('dist/chunks/')).join(', ')} + ${s.files.filter((f) => f.startsWith('dist/chunks/')).length} in dist/chunks/`,
        target: "none; files = README.md, package.json and the build's dist/",
        pass: depsOk && s.filesOk,
      });
      const smoke = await npxSmoke(s.tarball);
      notes.push(
        smoke.ok
          ? `npx smoke: \`npx --yes ./${s.tarball.split('/').at(-1)} --help\` in an empty folder with an empty npm cache and npm offline printed "${smoke.detail}" in ${ms(smoke.ms)}.`
          : `npx smoke FAILED (exit ${smoke.code}): ${smoke.detail}`,
      );
    });

  if (runs('certs'))
    await section('Certificates', async () => {
      const c = await benchCerts({ repo, cacheDir, runs: RUNS.certs });
      rows.push({
        goal: 'Certificates: CA + server (IP SAN) + client, RSA 2048',
        measured: `generateCertificateSet: ${spread(c.subject)}`,
        baseline: `5 openssl commands: ${spread(c.baseline)}`,
        ratio: ratio(c.ratio),
        target: `≤ ${GOALS.certRatio}x`,
        pass: c.ratio.median <= GOALS.certRatio,
      });
      rows.push({
        goal: 'Certificates: native key generation',
        measured: `${c.nativeCallsPerSet} crypto.generateKeyPair(${c.nativeRsa ? "'rsa'" : '?'}) calls per set`,
        baseline: c.forgeHits.length ? `forge keygen in ${c.forgeHits.join(', ')}` : 'no forge key generation in src/shared/certs',
        target: '3 native, 0 forge',
        pass: c.nativeCallsPerSet === 3 && c.nativeRsa && c.forgeHits.length === 0,
      });
    });

  if (runs('testbuild'))
    await section('Test build', async () => {
      const t = await benchTestBuild({ repo, cli, cacheDir, runs: RUNS.testbuild });
      rows.push({
        goal: 'Test build (`test-build --builder-url`, whole process) vs `buildctl build` of the same context, same buildkitd and registry',
        measured: `test-build: ${spread(t.subject)}`,
        baseline: `buildctl: ${spread(t.baseline)}`,
        ratio: ratio(t.ratio),
        target: `≤ ${GOALS.testBuildRatio}x`,
        pass: t.ratio.median <= GOALS.testBuildRatio,
      });
      rows.push({ goal: 'Test build: spawn to first streamed log line', measured: spread(t.firstLog), target: 'context', pass: 'info' });
    });

  if (runs('latency') && installed)
    await section(`Latency: round trips at 0 and ${RTT_MS} ms`, async () => {
      const installDir = join(cacheDir, 'install-broken');
      await installProBuilder({ cli, testbed, namespace: BROKEN_NAMESPACE, chart: CHART, workDir: installDir });
      await breakInstall(testbed, join(cacheDir, 'logs-broken'), BROKEN_NAMESPACE);
      const dir = join(cacheDir, 'latency');
      await mkdir(dir, { recursive: true });
      const baselineCli = flags['baseline-cli'] ? resolve(flags['baseline-cli']) : undefined;
      const l = await benchLatency({
        cli,
        baselineCli,
        testbed,
        chart: CHART,
        dir,
        healthyNamespace: NAMESPACE,
        brokenNamespace: BROKEN_NAMESPACE,
        installDir: join(cacheDir, 'install'),
        rttMs: RTT_MS,
        runs: RUNS.latency,
        sequenceRuns: RUNS.latencySequence,
      });
      const trips = (v) => `${v.toFixed(1)} RT`;
      const times = (m) => `${ms(m.t0.median)} → ${ms(m.t1.median)}`;
      const pairs = (p) => `pairs ${p.min.toFixed(1)}–${p.max.toFixed(1)}`;
      const row = (goal, m, baseline, target, pass) =>
        rows.push({
          goal,
          measured: `${trips(m.own)} (${pairs(m.ownPairs)}; ${times(m)})${m.helm > 0.5 ? ` + helm ${trips(m.helm)}` : ''}`,
          baseline,
          target,
          pass,
        });
      row(
        'Round trips: doctor, healthy install',
        l.doctorHealthy,
        `7 kubectl/helm commands: ${trips(l.kubectlHealthy.total)} (${times(l.kubectlHealthy)})`,
        `≤ ${GOALS.doctorTrips} RT`,
        l.doctorHealthy.total <= GOALS.doctorTrips + 0.5,
      );
      row(
        'Round trips: doctor, broken install (crash loop, x509 in the log, payload-secret gone)',
        l.doctorBroken,
        `7 kubectl/helm commands: ${trips(l.kubectlBroken.total)} (${times(l.kubectlBroken)})`,
        `≤ ${GOALS.brokenTrips} RT`,
        l.doctorBroken.total <= GOALS.brokenTrips + 0.5,
      );
      row(
        'Round trips: wizard with flags to the review (--dry-run --yes)',
        l.wizard,
        `helm: ${l.wizard.helmCommands.join(', ') || 'not started'}`,
        `≤ ${GOALS.wizardTrips} RT beyond helm's`,
        l.wizard.own <= GOALS.wizardTrips + 0.5,
      );
      row(
        'Round trips: uninstall --dry-run --yes',
        l.uninstall,
        `helm: ${l.uninstall.helmCommands.join(', ') || 'not started'}`,
        'context',
        'info',
      );
      for (const [name, label] of [
        ['doctorHealthy', 'doctor, healthy'],
        ['doctorBroken', 'doctor, broken'],
        ['wizard', 'wizard to the review'],
        ['uninstall', 'uninstall --dry-run'],
      ]) {
        const b = l.before?.[name];
        if (!b) continue;
        const a = l[name];
        rows.push({
          goal: `Before → after: ${label}`,
          measured: `after: ${trips(a.own)}${a.helm > 0.5 ? ` + helm ${trips(a.helm)}` : ''}; at 0 ms ${ms(a.t0.median)} (${ms(a.t0.min)}–${ms(a.t0.max)})`,
          baseline: `before: ${trips(b.own)}${b.helm > 0.5 ? ` + helm ${trips(b.helm)}` : ''}; at 0 ms ${ms(b.t0.median)} (${ms(b.t0.min)}–${ms(b.t0.max)})`,
          ratio: `${(a.t0.median / b.t0.median).toFixed(2)}x at 0 ms`,
          target: 'fewer round trips, no regression at 0 ms',
          pass: 'info',
        });
      }
      const fleetRatio = l.fleet ? l.fleet.t1.median / l.slowestSingle.t1.median : NaN;
      if (l.fleet)
        rows.push({
          goal: `Doctor --all-contexts, 3 clusters at ${RTT_MS} ms vs the slowest single one`,
          measured: `${ms(l.fleet.t1.median)} (${trips(l.fleet.total)})`,
          baseline: `slowest single: ${ms(l.slowestSingle.t1.median)} (${trips(l.slowestSingle.total)})`,
          ratio: `${fleetRatio.toFixed(2)}x`,
          target: `≤ ${GOALS.fleetRatio}x`,
          pass: fleetRatio <= GOALS.fleetRatio,
        });
      notes.push(
        'Round trips that remain, and why. Every command pays one for the TCP connection and one for the TLS 1.3 handshake (HTTP/2 is agreed inside it; all requests then share that one connection). ' +
          "The first wave leaves with the client's TLS Finished: the kube client sends on node:http2, which does not wait for the server's SETTINGS (undici's HTTP/2 sent one stream until they came, a whole round trip later; seen with PBS_BENCH_PROXY_TRACE). " +
          "Doctor: wave 1 sends every read that needs no answer first (version, namespace, access reviews, the release's helm Secrets, the Deployment and its pods under the chart's default names, nodes, the secrets the chart mounts under fixed names); " +
          'wave 2 holds what needs names from wave 1: container logs (pod names; asked as soon as the pod list arrives, not when the log check gets a turn), Warning events (pod and ReplicaSet names), pods per node (node names, only when a pod waits for one), the certificate secrets (only for charts before 0.6.0). ' +
          "Nothing in wave 2 can be asked before its names are known; an IRSA install adds a third wave (the token request carries the audience from the service account's annotation). " +
          'A broken install costs no more waves than a healthy one: its extra findings come from data the same waves read (src/features/doctor/schedule.test.ts counts 2 for both, with answers held until the doctor goes quiet). ' +
          'test/integration/round-trip-waves.test.ts holds the built binary to ≤ 2 waves healthy, ≤ 3 broken, 1 for uninstall --dry-run and ≤ 3 for the wizard through a recording proxy on the real API server, without a clock. ' +
          "test-build: one wave for the payload key, the registry secret, the pro-builder Deployment (by label and by the chart's default name) and its pods under the chart's default selector (asked again only when the Deployment's selector is another), then the port-forward's own WebSocket connection (TCP, TLS, upgrade: it needs the pod's name), then the signed request through it. " +
          "Wizard: wave 1 is the preflight (version, namespace, access review, existing secrets, helm version locally); wave 2 is the plan's snapshot (secrets, service account, the release's helm Secrets), which starts once the answers are complete. " +
          'Uninstall: one wave. Three clusters: each has its own connection, all at once, so the run costs what the slowest cluster costs.',
      );
      notes.push(
        `Latency: ${RUNS.latency} pairs per figure, each one run at 0 ms then one at ${RTT_MS} ms round trip (after a warm-up pair); round trips = the median over the pairs of (time at ${RTT_MS} ms − time at 0 ms) / ${RTT_MS} ms, with the pairs' range beside it ` +
          `(until 2026-12-07: the difference of the two medians of 3 runs, which read ±1 RT on a shared machine; a loaded machine needs more pairs, --latency-runs, or a longer --rtt). Connections the proxies saw: ${l.connections.join(', ')}.`,
      );
    });

  if (runs('latency') && installed)
    await section(`Latency: test-build to the first log line at 0 and ${RTT_MS} ms`, async () => {
      const dir = join(cacheDir, 'latency');
      await mkdir(dir, { recursive: true });
      const t = await benchTestBuildLatency({ repo, cli, testbed, cacheDir, dir, rttMs: RTT_MS, runs: RUNS.latency });
      rows.push({
        goal: 'Round trips: test-build to the first log line (secrets read and build sent through the far API server: port-forward to the pod)',
        measured: `${t.total.toFixed(1)} RT (pairs ${t.pairs.min.toFixed(1)}–${t.pairs.max.toFixed(1)}; ${ms(t.t0.median)} → ${ms(t.t1.median)})`,
        baseline: `whole run: ${ms(t.whole.t0.median)} → ${ms(t.whole.t1.median)}`,
        target: 'context',
        pass: 'info',
      });
      notes.push(
        `test-build latency: ${RUNS.latency} pairs (after a warm-up pair), median over the pairs as above, the first streamed log line of \`test-build --kubeconfig <far> --output plain\`; ` +
          `the proxy saw ${t.connections} connections for ${2 * (RUNS.latency + 1)} runs (the API client's and the port-forward's).`,
      );
    });

  if (!runs('doctor')) {
    // Not asked for (--only).
  } else if (!installed) {
    const why = flags['no-cluster'] ? 'not run (--no-cluster)' : 'not run: the test bed set-up failed (see notes)';
    rows.push({ goal: 'Doctor vs kubectl sequence', measured: why, target: `≤ ${GOALS.doctorRatio}x`, pass: null });
    rows.push({ goal: 'Doctor at scale', measured: why, target: `≤ ${GOALS.scaleRatio}x`, pass: null });
  } else if (!(await doctorAvailable(cli))) {
    rows.push({
      goal: 'Doctor vs kubectl sequence',
      measured: 'not run: `doctor` is not available in this build',
      target: `≤ ${GOALS.doctorRatio}x`,
      pass: null,
    });
    rows.push({
      goal: 'Doctor at scale',
      measured: 'not run: `doctor` is not available in this build',
      target: `≤ ${GOALS.scaleRatio}x`,
      pass: null,
    });
  } else {
    const opts = { cli, kubeconfig, namespace: NAMESPACE, helm: bin.helm, kubectl: bin.kubectl };
    let small;
    await section('Doctor vs kubectl sequence', async () => {
      small = await benchDoctor(opts, RUNS.doctor);
      rows.push({
        goal: 'Doctor (small cluster) vs kubectl/helm sequence',
        measured: `doctor: ${spread(small.subject)}`,
        baseline: `7 commands: ${spread(small.baseline)}`,
        ratio: ratio(small.ratio),
        target: `≤ ${GOALS.doctorRatio}x`,
        pass: small.ratio.median <= GOALS.doctorRatio,
      });
      notes.push(`Doctor report (small cluster): ${JSON.stringify(small.summary)}.`);
    });

    await section('doctor --bundle vs doctor', async () => {
      const b = await benchBundle(opts, RUNS.doctor);
      rows.push({
        goal: 'doctor --bundle (small cluster) vs doctor alone',
        measured: `bundle: ${spread(b.subject)}`,
        baseline: `doctor: ${spread(b.baseline)}`,
        ratio: ratio(b.ratio),
        target: 'context',
        pass: 'info',
      });
      notes.push(`doctor --bundle: archive ${bytes(b.bytes.median)} (median), logs 2,000 lines per container.`);
    });

    if (runs('scale'))
      await section('Doctor at scale', async () => {
        if (!small) throw new Error('the small-cluster doctor run failed, so there is nothing to compare with');
        const nodeNames = Array.from({ length: SCALE.nodes }, (_, i) => `n-${i + 1}`);
        const t = Date.now();
        await testbed.addNodes(nodeNames.map((n) => `${n}=4,8Gi,110`));
        const noise = await createNoise({
          kubeconfig,
          namespace: NAMESPACE,
          nodeNames,
          pods: SCALE.pods,
          events: SCALE.events,
          ownEvents: SCALE.ownEvents,
        });
        await waitForNoisePods(kubeconfig, SCALE.pods);
        notes.push(
          `Scale set-up: ${SCALE.nodes} more kwok nodes, ${noise.pods} Running pods in ${noise.namespaces.length} other namespaces, ` +
            `${noise.events} events (${SCALE.ownEvents} of them in ${NAMESPACE}, about other workloads) in ${ms(Date.now() - t)}.`,
        );

        const doctorMs = [];
        const rss = [];
        await runDoctor(opts); // warm-up, like the paired runs had
        for (let i = 0; i < RUNS.scale; i++) {
          const d = await runDoctor(opts);
          doctorMs.push(d.ms);
          rss.push(d.peakKb);
        }
        const scaleMs = summarize(doctorMs);
        const scaleRss = summarize(rss);
        const m = small.subject.median;
        rows.push({
          goal: `Doctor at scale (${SCALE.events + SCALE.ownEvents} events, ${SCALE.pods} pods, ${SCALE.nodes + 2} nodes) vs small cluster`,
          measured: `doctor: ${spread(scaleMs)}`,
          baseline: `doctor, small: ${spread(small.subject)}`,
          ratio: `${(scaleMs.median / m).toFixed(2)}x (${(scaleMs.min / m).toFixed(2)}–${(scaleMs.max / m).toFixed(2)})`,
          target: `≤ ${GOALS.scaleRatio}x`,
          pass: scaleMs.median / m <= GOALS.scaleRatio,
        });
        const kb = (v) => `${(v / 1024).toFixed(0)} MiB`;
        rows.push({
          goal: 'Doctor peak RSS, scale vs small',
          measured: spread(scaleRss, kb),
          baseline: `small: ${spread(small.rssKb, kb)}`,
          ratio: `${(scaleRss.median / small.rssKb.median).toFixed(2)}x`,
          target: `≤ ${GOALS.rssRatio}x (bounded)`,
          pass: scaleRss.median / small.rssKb.median <= GOALS.rssRatio,
        });
        const seq = await benchSequence(opts, RUNS.scaleSequence);
        rows.push({
          goal: 'Doctor at scale vs kubectl/helm sequence at scale',
          measured: `doctor: ${spread(scaleMs)}`,
          baseline: `7 commands: ${spread(seq)}`,
          ratio: `${(scaleMs.median / seq.median).toFixed(2)}x`,
          target: 'context',
          pass: 'info',
        });
      });
  }

  tearDown();
  const table = textTable(rows);
  const total = ((Date.now() - began) / 1000).toFixed(0);
  const date = new Date()
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, ' UTC');
  process.stdout.write(
    `\nMachine: ${machine}\nLoad average at start: ${load}   Date: ${date}   Bench time: ${total} s${flags.quick ? '   (--quick)' : ''}\n\n${table}\n\n`,
  );
  for (const r of rows.filter((x) => x.pass === true || x.pass === false)) process.stdout.write(`${resultOf(r.pass)}  ${r.goal}\n`);
  if (notes.length) process.stdout.write(`\n${notes.map((n) => `- ${n}`).join('\n')}\n`);

  const md = [
    '# Benchmark results',
    '',
    `Last run: ${date}, \`npm run bench${flags.quick ? ' -- --quick' : ''}\`, ${total} s in total.`,
    '',
    `Machine: ${machine}. Load average at start: ${load}.`,
    '',
    markdownTable(rows),
    '',
    '## How each figure is taken',
    '',
    `- Every time is a median with min and max. Where a row has a baseline, the two ran alternately, one pair per run, after a warm-up pair, and the ratio is taken per pair (runs: start ${RUNS.start}, doctor ${RUNS.doctor}, doctor at scale ${RUNS.scale}, certificates ${RUNS.certs}).`,
    "- Start: wall time from spawn. `--version` and `node -e 0` run to exit. The wizard runs in a real pty (util-linux `script`) until its first frame is complete (Ink's end-of-synchronized-update mark after \"Step 1 ·\"); the baseline is bare Node writing one byte in the same pty harness. NODE_COMPILE_CACHE, NODE_OPTIONS and CI variables are cleared (Ink draws no frames under CI); the binary enables Node's compile cache itself and writes it once its first frame is drawn (each run here ends with SIGKILL, before Node's own write at exit), so after the warm-up pair every run is a second run, as for a user. The timed sections start once the machine is quiet (CPU at least 90% idle over one second, twice in a row; the wait is in the notes). The floor row is bench/fixtures/ink-floor (one bordered line of Ink) built with the same tsup config and timed the same way.",
    "- Size: the bundle from the project's tsup config (dist/cli.js and the chunks it imports); the tarball is `npm pack` of package.json, README.md and that dist/; the file list is `npm pack --dry-run --json` of the repo, compared with what its build wrote. Imports are found with esbuild's import scanner over the entry and every chunk it reaches.",
    '- Doctor: `node dist/cli.js doctor --output json --kubeconfig K -n openfaas` on the real test bed (kube-apiserver, etcd, scheduler, controller-manager, kwok nodes) with the real pro-builder 0.4.19 chart, against `kubectl get events`, `get pods -o yaml`, `describe nodes`, `get secrets -o yaml`, `logs` (both containers) and `helm status`, run one after another. Peak RSS from GNU time.',
    '- Doctor at scale: the same cluster after adding the nodes, pods and events above; the ratio compares with the small-cluster median.',
    '- Test build: `node cli.js test-build --builder-url URL --payload-secret-file F --image I --context-dir D --output plain` to exit, against `buildctl build --frontend dockerfile.v0 … --output type=image,push=true` of a context with the same Dockerfile (FROM scratch plus one file with new content each run), on the same real buildkitd (unix socket, root) pushing to the same real registry (htpasswd); the builder is the reference pro-builder from test/buildbed, which runs that buildctl command itself, so the ratio is what the CLI, the archive, the signature and the NDJSON stream add. First log line: spawn to the first indented line on stdout.',
    "- Round trips: a TCP proxy on 127.0.0.1 (bench/lib/delayProxy.mjs) in front of the test bed API server delays every chunk by half the round trip in each direction and a new connection's first byte by one round trip (the TCP handshake). Each command runs through it in pairs, once at 0 ms and then once at R ms (100 unless --rtt says otherwise; 5 pairs unless --latency-runs says otherwise, after a warm-up pair); the median over the pairs of (tR − t0) / R is the number of sequential round trips on its critical path, and the pairs' range is shown beside it. PBS_BENCH_PROXY_TRACE=FILE logs every chunk the proxy passes (connection, time, direction, size), to read where the round trips go. helm is started through a shim that logs each helm process's wall time, so helm's own round trips are counted apart (\"+ helm\"). The kubectl/helm sequence is the doctor's comparison above, through the same proxy. Three clusters: three contexts, each through its own proxy to the same API server, `doctor --all-contexts`, against each context alone (the slowest of the three).",
    '- Certificates: `generateCertificateSet()` from src/shared/certs bundled with esbuild, in process, against `openssl req -x509` (CA), then `openssl req` + `openssl x509 -req` for the server (IP SAN 127.0.0.1) and the client. A counting wrapper around crypto.generateKeyPair proves native key generation; the first set is checked with `openssl verify`.',
    '',
    ...(notes.length ? ['## Notes from this run', '', ...notes.map((n) => `- ${n}`), ''] : []),
  ].join('\n');
  if (only) {
    log(`--only ${only.join(',')}: bench/RESULTS.md left as it was (it holds the full table)`);
  } else {
    await writeFile(join(benchDir, 'RESULTS.md'), md);
    log(`wrote ${join('bench', 'RESULTS.md')}`);
  }
  // Goals that are missed are results, not errors; a section that could not measure is an error.
  if (rows.some((r) => r.measured === 'error')) process.exitCode = 1;
}

main().catch((e) => {
  log(`bench failed: ${e?.stack ?? e}`);
  tearDown();
  process.exitCode = 1;
});
