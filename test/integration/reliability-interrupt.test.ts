import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { V1Secret } from '@kubernetes/client-node';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { auditCertificateSecrets, certSecretData, readCertificateFiles } from '../../src/shared/certs/index.js';
import { KubeClient, type Kube } from '../../src/platform/kube/client.js';
import { serializeDockerConfig, ttlshConfig } from '../../src/shared/registry/index.js';
import { decodeSecretData, SECRET_KEYS, SECRET_NAMES } from '../../src/shared/secrets/index.js';
import {
  apiServerPid,
  cliOutput,
  expectExplained,
  helmChildren,
  killGroup,
  killPid,
  kubeconfigVariant,
  readTestbedKubeconfig,
  runCli,
  startCli,
  tempDir,
  ttlshInstallFlags,
} from './cliHarness.js';
import { eventually } from './eventually.js';
import { FaultProxy, slowTestbedApi } from './faultProxy.js';
import { describeWithCharts, kubeClient, namespacesDeletedAfterAll, referenceChart, testbed, uniqueNamespace } from './testbed.js';

const testbedScript = resolve(import.meta.dirname, '../../scripts/testbed/testbed');
const RELEASE = 'pro-builder';
const OWN_SECRETS = [
  SECRET_NAMES.license,
  SECRET_NAMES.registry,
  SECRET_NAMES.payload,
  SECRET_NAMES.daemonCerts,
  SECRET_NAMES.clientCerts,
].sort();

/** The "existing" signing secret an operator made by hand before ever running the tool. */
function handMadePayload(): string {
  return randomBytes(32).toString('base64');
}

function secretsApi(kubeconfig: string): CoreV1Api {
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfig);
  return kc.makeApiClient(CoreV1Api);
}

async function helmReleaseRecords(core: CoreV1Api, ns: string): Promise<V1Secret[]> {
  return (await core.listNamespacedSecret({ namespace: ns, labelSelector: `owner=helm,name=${RELEASE}` })).items;
}

/** Polls fast (the proxy holds the client's next request back for longer than this takes). */
async function until(probe: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error('the awaited object never appeared');
    await new Promise((r) => setTimeout(r, 5));
  }
}

interface Site {
  ns: string;
  dir: string;
  license: string;
  /** The hand-made signing secret that existed before the tool ran, if any. */
  before?: { payload: string; uid: string; resourceVersion: string };
  args: (kubeconfig: string, extra?: string[]) => string[];
}

/** A namespace holding only a hand-made payload-secret (or nothing), and a folder with the license file. */
async function prepareSite(kube: Kube, prefix: string, opts: { handMadePayload: boolean } = { handMadePayload: true }): Promise<Site> {
  const ns = uniqueNamespace(prefix);
  const dir = await tempDir(`pbs-${prefix}-`);
  const license = `license-${randomBytes(12).toString('hex')}`;
  await writeFile(join(dir, 'LICENSE'), license);
  let before: Site['before'];
  if (opts.handMadePayload) {
    const payload = handMadePayload();
    await kube.createNamespace(ns);
    const created = await kube.createSecret(ns, {
      metadata: { name: SECRET_NAMES.payload },
      stringData: { [SECRET_KEYS.payload]: payload },
    });
    before = { payload, uid: created.metadata!.uid!, resourceVersion: created.metadata!.resourceVersion! };
  }
  return {
    ns,
    dir,
    license,
    before,
    args: (kubeconfig, extra = []) => [
      ...ttlshInstallFlags({
        kubeconfig,
        namespace: ns,
        licenseFile: join(dir, 'LICENSE'),
        chart: referenceChart('0.4.19'),
        buildkitCpu: '250m',
        outputDir: dir,
        valuesFile: join(dir, 'custom-values.yaml'),
        timeout: '60s',
      }),
      ...extra,
    ],
  };
}

/** Exactly one correct copy of everything, and the hand-made secret untouched. */
async function expectConverged(kube: Kube, core: CoreV1Api, site: Site): Promise<void> {
  const { ns, dir } = site;
  const all = (await core.listNamespacedSecret({ namespace: ns })).items;
  const own = all
    .filter((s) => !s.metadata?.labels?.['owner'])
    .map((s) => s.metadata!.name!)
    .sort();
  expect(own).toEqual(OWN_SECRETS);
  const records = await helmReleaseRecords(core, ns);
  expect(records.filter((r) => r.metadata?.labels?.['status'] === 'deployed')).toHaveLength(1);
  expect(records.filter((r) => r.metadata?.labels?.['status']?.startsWith('pending'))).toEqual([]);

  // The signing secret that existed before: same object (uid, resourceVersion), same value. Either
  // way the local payload.txt holds exactly what the cluster has.
  const payload = (await kube.getSecret(ns, SECRET_NAMES.payload))!;
  const value = decodeSecretData(payload)[SECRET_KEYS.payload]!.toString();
  if (site.before) {
    expect(payload.metadata?.uid).toBe(site.before.uid);
    expect(payload.metadata?.resourceVersion).toBe(site.before.resourceVersion);
    expect(value).toBe(site.before.payload);
  }
  expect(await readFile(join(dir, 'payload.txt'), 'utf8')).toBe(value);

  const license = decodeSecretData((await kube.getSecret(ns, SECRET_NAMES.license))!)[SECRET_KEYS.license]!.toString();
  expect(license).toBe(site.license);
  const registry = decodeSecretData((await kube.getSecret(ns, SECRET_NAMES.registry))!)[SECRET_KEYS.registry]!.toString();
  expect(registry).toBe(serializeDockerConfig(ttlshConfig()));
  expect(await readFile(join(dir, 'config.json'), 'utf8')).toBe(registry);

  // One CA behind both secrets and the local files, and a clean audit.
  const daemon = decodeSecretData((await kube.getSecret(ns, SECRET_NAMES.daemonCerts))!);
  const client = decodeSecretData((await kube.getSecret(ns, SECRET_NAMES.clientCerts))!);
  expect(auditCertificateSecrets({ daemon, client }, new Date())).toEqual([]);
  const local = certSecretData((await readCertificateFiles(join(dir, 'certs')))!);
  for (const [k, v] of Object.entries(local.daemon)) expect(daemon[k]!.toString()).toBe(v);
  for (const [k, v] of Object.entries(local.client)) expect(client[k]!.toString()).toBe(v);

  // Nothing was replaced, so nothing was backed up; no temp file was left behind; keys are 0600.
  const files = await readdir(dir);
  expect(files.sort()).toEqual(['LICENSE', 'certs', 'config.json', 'custom-values.yaml', 'payload.txt']);
  expect((await readdir(join(dir, 'certs'))).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  for (const f of ['payload.txt', 'config.json', 'certs/ca.key', 'certs/server.key', 'certs/client.key']) {
    expect(((await stat(join(dir, f))).mode & 0o777).toString(8)).toBe('600');
  }
  const dep = await eventually(async () => {
    const d = await kube.getDeployment(ns, RELEASE);
    if (d?.status?.availableReplicas !== 1) throw new Error(`deployment not available yet: ${JSON.stringify(d?.status)}`);
    return d;
  });
  expect(dep.metadata?.name).toBe(RELEASE);
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

describeWithCharts('interrupted installs: every re-run reports what it found and finishes, losing and duplicating nothing', () => {
  const admin = kubeClient();
  const namespaces = namespacesDeletedAfterAll(() => admin);
  let core: CoreV1Api;
  // Each request the binary (or its helm) sends reaches the API server 150 ms late: when an
  // object appears, the test has that long to stop everything before the next one is made.
  const slow = slowTestbedApi(150);

  beforeAll(() => {
    core = secretsApi(testbed.kubeconfig!);
  });

  it('SIGKILL after each secret, before helm and during helm: the next run picks up exactly there', async () => {
    const site = await prepareSite(admin, 'kill');
    namespaces.push(site.ns);
    const has = (name: string) => async () => (await admin.getSecret(site.ns, name)) !== undefined;
    const helmStarted = async () => (await helmReleaseRecords(core, site.ns)).length > 0;
    const stops: { after: string; appeared: () => Promise<boolean>; notYet?: string; found: RegExp[] }[] = [
      { after: SECRET_NAMES.license, appeared: has(SECRET_NAMES.license), notYet: SECRET_NAMES.registry, found: [] },
      {
        after: SECRET_NAMES.registry,
        appeared: has(SECRET_NAMES.registry),
        notYet: SECRET_NAMES.daemonCerts,
        found: [/= keep Secret \S+\/openfaas-license/],
      },
      {
        after: SECRET_NAMES.daemonCerts,
        appeared: has(SECRET_NAMES.daemonCerts),
        notYet: SECRET_NAMES.clientCerts,
        found: [/= unchanged Secret \S+\/registry-secret/],
      },
      // The last secret: the values file and helm are next.
      {
        after: SECRET_NAMES.clientCerts,
        appeared: has(SECRET_NAMES.clientCerts),
        found: [/= unchanged Secret \S+\/buildkit-daemon-certs/, /\+ create Secret \S+\/buildkit-client-certs/],
      },
      // helm has written its release record (pending-install) and not yet made the Deployment.
      {
        after: 'helm release record',
        appeared: helmStarted,
        found: [/= keep Secret \S+\/buildkit-client-certs \(.*\) — valid certificates kept/],
      },
    ];

    for (const stop of stops) {
      const child = startCli(site.args(slow.kubeconfig));
      await until(stop.appeared).catch(async (e: Error) => {
        killGroup(child);
        const r = await child;
        throw new Error(`waiting to kill after ${stop.after}: ${e.message}\n${String(r.stdout)}${String(r.stderr)}`);
      });
      // helm runs in a process group of its own (so Ctrl+C lets a step finish): a kill -9 of everything
      // the tool started takes its helm as well, or that helm would finish the install on its own.
      // The tool first, then its helm: killed the other way round, a busy machine can pause this test
      // between the two kills long enough for the tool to see helm die and exit on its own.
      const helms = helmChildren(child.pid!);
      killGroup(child);
      for (const pid of helms) killPid(pid);
      slow.proxy.cut();
      const r = await child;
      expect(r.signal, `killed after ${stop.after}`).toBe('SIGKILL');
      // The run was stopped right there: the object after it was never made.
      if (stop.notYet) expect(await admin.getSecret(site.ns, stop.notYet), `${stop.notYet} after a kill at ${stop.after}`).toBeUndefined();
      for (const line of stop.found) expect(String(r.stdout), `plan of the run killed after ${stop.after}`).toMatch(line);
      // Never the hand-made signing secret replaced, at any point.
      expect(String(r.stdout)).toMatch(/= keep Secret \S+\/payload-secret/);
    }
    expect(await admin.getDeployment(site.ns, RELEASE)).toBeUndefined();
    const stuck = await helmReleaseRecords(core, site.ns);
    expect(stuck.map((s) => s.metadata?.labels?.['status'])).toEqual(['pending-install']);

    // The re-run: says what it found (the stuck release included), frees the release, finishes.
    slow.proxy.delayMs = 0;
    const finish = await runCli(site.args(slow.kubeconfig), { timeoutMs: 120_000 });
    expect(finish.exitCode, cliOutput(finish)).toBe(0);
    expect(finish.stdout).toMatch(/\$ helm uninstall pro-builder .*\n\s+! release pro-builder is stuck in pending-install \(revision 1\)/);
    for (const name of OWN_SECRETS) expect(finish.stdout).toMatch(new RegExp(`= (keep|unchanged) Secret \\S+/${name}`));
    await expectConverged(admin, core, site);

    // And once more: nothing left to do.
    const again = await runCli(site.args(slow.kubeconfig));
    expect(again.exitCode, cliOutput(again)).toBe(0);
    expect(again.stdout).not.toMatch(/\+ create|~ update|stuck in/);
    await expectConverged(admin, core, site);
  });

  it('SIGKILL right after the tool made the signing secret: the re-run keeps it, and payload.txt matches it', async () => {
    const site = await prepareSite(admin, 'kill-payload', { handMadePayload: false });
    namespaces.push(site.ns);
    slow.proxy.delayMs = 150;
    const child = startCli(site.args(slow.kubeconfig));
    await until(async () => (await admin.getSecret(site.ns, SECRET_NAMES.payload)) !== undefined);
    killGroup(child);
    slow.proxy.cut();
    expect((await child).signal).toBe('SIGKILL');
    expect(await admin.getSecret(site.ns, SECRET_NAMES.daemonCerts)).toBeUndefined();
    // payload.txt is written before the secret is made, so the two already agree.
    const made = decodeSecretData((await admin.getSecret(site.ns, SECRET_NAMES.payload))!)[SECRET_KEYS.payload]!.toString();
    expect(await readFile(join(site.dir, 'payload.txt'), 'utf8')).toBe(made);

    slow.proxy.delayMs = 0;
    const finish = await runCli(site.args(slow.kubeconfig));
    expect(finish.exitCode, cliOutput(finish)).toBe(0);
    expect(finish.stdout).toMatch(/= keep Secret \S+\/payload-secret/);
    await expectConverged(admin, core, site);
    expect(decodeSecretData((await admin.getSecret(site.ns, SECRET_NAMES.payload))!)[SECRET_KEYS.payload]!.toString()).toBe(made);
  });
});

describeWithCharts('helm killed mid-upgrade: the tool says so, and the re-run leaves no pending record in helm history', () => {
  const admin = kubeClient();
  const namespaces = namespacesDeletedAfterAll(() => admin);
  // helm's requests reach the API server late, so its upgrade lasts long enough to be killed mid-way.
  const slow = slowTestbedApi(150);

  it('SIGKILL of helm upgrade: named as a signal, then rolled back, upgraded and the stale pending-upgrade record removed', async () => {
    const core = secretsApi(testbed.kubeconfig!);
    const site = await prepareSite(admin, 'kill-helm');
    namespaces.push(site.ns);
    const first = await runCli(site.args(testbed.kubeconfig!), { timeoutMs: 120_000 });
    expect(first.exitCode, cliOutput(first)).toBe(0);

    // The second run's helm upgrade is killed once it has stored revision 2 (pending-upgrade).
    const child = startCli(site.args(slow.kubeconfig));
    let killed: number | undefined;
    await until(async () => {
      const records = await helmReleaseRecords(core, site.ns);
      if (!records.some((r) => r.metadata?.labels?.['version'] === '2')) return false;
      killed = helmChildren(child.pid!)[0];
      return killed !== undefined;
    }, 120_000);
    process.kill(killed!, 'SIGKILL');
    const broken = await child;
    const said = `${String(broken.stdout)}${String(broken.stderr)}`;
    expect(broken.exitCode, said).toBe(1);
    expect(said).toMatch(/helm upgrade was stopped by signal SIGKILL before it finished/);
    expect(said).not.toMatch(/failed \(exit 1\)/);
    const left = await helmReleaseRecords(core, site.ns);
    expect(left.find((r) => r.metadata?.labels?.['version'] === '2')?.metadata?.labels?.['status']).toBe('pending-upgrade');

    const finish = await runCli(site.args(testbed.kubeconfig!), { timeoutMs: 120_000 });
    expect(finish.exitCode, cliOutput(finish)).toBe(0);
    expect(finish.stdout).toMatch(/stuck in pending-upgrade \(revision 2\)/);
    expect(finish.stdout).toMatch(/Remove helm's stale pending record of pro-builder \(revision 2\)/);
    const history = await helmReleaseRecords(core, site.ns);
    expect(history.filter((r) => r.metadata?.labels?.['status']?.startsWith('pending'))).toEqual([]);
    expect(history.filter((r) => r.metadata?.labels?.['status'] === 'deployed')).toHaveLength(1);
  });
});

describeWithCharts('the API server stopped mid-apply (SIGSTOP on its own throwaway cluster)', () => {
  const name = `pbs-rel-${process.pid}`;
  let kubeconfig: string;
  let kube: KubeClient;
  let proxy: FaultProxy;
  let viaProxy: string;
  let pid: number | undefined;

  beforeAll(() => {
    const up = spawnSync('bash', [testbedScript, 'up', '--recreate', '--name', name], { encoding: 'utf8', timeout: 120_000 });
    if (up.status !== 0) throw new Error(`testbed up failed: ${up.stderr}`);
    kubeconfig = up.stdout.trim().split('\n').pop()!.trim();
    kube = KubeClient.fromKubeconfig({ kubeconfig });
    pid = apiServerPid(name);
  });
  afterAll(async () => {
    if (pid) process.kill(pid, 'SIGCONT');
    await proxy?.close();
    spawnSync('bash', [testbedScript, 'down', '--name', name], { timeout: 60_000 });
  });

  it('fails within the request timeout with one sentence, then a re-run after it resumes finishes', async () => {
    const server = readTestbedKubeconfig(kubeconfig).clusters[0]!.cluster['server'] as string;
    proxy = await FaultProxy.start(server, { delayMs: 150 });
    viaProxy = await kubeconfigVariant({ base: kubeconfig, server: proxy.url });
    const site = await prepareSite(kube, 'frozen');

    const child = startCli(site.args(viaProxy, ['--request-timeout', '2s']), { timeoutMs: 60_000 });
    await until(async () => (await kube.getSecret(site.ns, SECRET_NAMES.registry)) !== undefined);
    process.kill(pid!, 'SIGSTOP');
    const stoppedAt = Date.now();
    const exitedAt = child.then(() => Date.now());
    try {
      // Frozen until the tool gives up, and never past 7 s even if it hangs (the control plane's
      // leader leases lapse at 10 s, which would break the cluster for the re-run).
      await Promise.race([exitedAt, sleep(7000)]);
    } finally {
      process.kill(pid!, 'SIGCONT');
    }
    const continuedAt = Date.now();
    const r = await child;
    const failed = {
      stdout: String(r.stdout),
      stderr: String(r.stderr),
      exitCode: r.exitCode,
      ms: (await exitedAt) - stoppedAt,
      timedOut: Boolean(r.timedOut),
    };
    // Gave up on its 2 s deadline while the server was still frozen: it never waited for it to come back.
    expect(await exitedAt, `exited ${failed.ms} ms after the freeze`).toBeLessThanOrEqual(continuedAt);
    expect(failed.exitCode, cliOutput(failed)).toBe(1);
    expectExplained(
      failed,
      /Timed out trying to create secret \S+\/buildkit-daemon-certs: https:\/\/127\.0\.0\.1:\d+ did not answer in time\./,
    );
    expect(failed.stdout).toMatch(/× Create secret \S+\/buildkit-daemon-certs/);

    // The server is back. Whatever it made of the request it got while frozen, the re-run sorts out.
    await eventually(() => kube.serverVersion(), { timeoutMs: 30_000 });
    const finish = await runCli(site.args(kubeconfig), { timeoutMs: 120_000 });
    expect(finish.exitCode, cliOutput(finish)).toBe(0);
    expect(finish.stdout).toMatch(/= (keep|unchanged) Secret \S+\/registry-secret/);
    await expectConverged(kube, secretsApi(kubeconfig), site);
  });
});
