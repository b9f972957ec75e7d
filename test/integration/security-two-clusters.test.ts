import { spawnSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { CoreV1Api } from '@kubernetes/client-node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { KubeClient } from '../../src/platform/kube/client.js';
import { loadKubeConfig } from '../../src/platform/kube/config.js';
import { cli, readTestbedKubeconfig, runCli, tempDir, ttlshInstallFlags } from './cliHarness.js';
import { hasTmux, TmuxTerminal } from './terminal.js';
import { acceptBuildkitDefaults, confirmInstallInto, declineTestBuild, wizardInstallFlags } from './wizardTerminal.js';
import { describeWithCharts, namespacesDeletedAfterAll, referenceChart, testbed, uniqueNamespace } from './testbed.js';

const script = resolve(import.meta.dirname, '../../scripts/testbed/testbed');
const runnable = hasTmux() || process.env['CI'];
const describeTwoClusters = runnable ? describeWithCharts : describe.skip;

/** Every object helm or the wizard could have left in a cluster: helm's release records and the wizard's secrets. */
async function secretsIn(kubeconfig: string, namespace?: string): Promise<string[]> {
  const { kc } = loadKubeConfig({ kubeconfig });
  const core = kc.makeApiClient(CoreV1Api);
  const list = await core.listSecretForAllNamespaces();
  return list.items
    .filter((s) => s.type !== 'kubernetes.io/service-account-token' && (!namespace || s.metadata?.namespace === namespace))
    .filter((s) => s.metadata?.namespace !== 'kube-system' && s.metadata?.namespace !== 'kube-public')
    .map((s) => `${s.metadata?.namespace}/${s.metadata?.name}`);
}

describeTwoClusters('two clusters in one kubeconfig: only the confirmed one is touched', () => {
  const other = `${testbed.name}-other`;
  let otherKubeconfig: string;
  let combined: string;
  let term: TmuxTerminal | undefined;
  const kubeA = () => KubeClient.fromKubeconfig({ kubeconfig: testbed.kubeconfig! });
  const namespaces = namespacesDeletedAfterAll(() => kubeA());

  beforeAll(async () => {
    // A second real control plane: the cluster a context switch in another terminal points at.
    const up = spawnSync('bash', [script, 'up', '--recreate', '--name', other], { encoding: 'utf8', timeout: 240_000 });
    if (up.status !== 0) throw new Error(`the second test-bed cluster did not start:\n${up.stderr}${up.stdout}`);
    otherKubeconfig = up.stdout.trim().split('\n').pop()!.trim();
    // One kubeconfig holding both, as `aws eks update-kubeconfig` or `gcloud ... get-credentials` leave it.
    const a = readTestbedKubeconfig(testbed.kubeconfig!);
    const b = readTestbedKubeconfig(otherKubeconfig);
    const named = (doc: typeof a, suffix: string) => ({
      clusters: doc.clusters.map((c) => ({ ...c, name: `${c.name}-${suffix}` })),
      users: doc.users.map((u) => ({ ...u, name: `${u.name}-${suffix}` })),
      contexts: [
        { name: `cluster-${suffix}`, context: { cluster: `${doc.clusters[0]!.name}-${suffix}`, user: `${doc.users[0]!.name}-${suffix}` } },
      ],
    });
    const na = named(a, 'a');
    const nb = named(b, 'b');
    combined = join(await tempDir('pbs-two-'), 'kubeconfig');
    await writeFile(
      combined,
      stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [...na.clusters, ...nb.clusters],
        users: [...na.users, ...nb.users],
        contexts: [...na.contexts, ...nb.contexts],
        'current-context': 'cluster-a',
      }),
      { mode: 0o600 },
    );
  }, 300_000);

  afterAll(() => {
    spawnSync('bash', [script, 'down', '--name', other], { timeout: 120_000 });
  });
  afterEach(() => term?.close());

  /** What `kubectl config use-context` does to the file, done while the wizard waits at its review. */
  async function switchCurrentContext(to: string) {
    const doc = parse(await readFile(combined, 'utf8')) as Record<string, unknown>;
    doc['current-context'] = to;
    await writeFile(combined, stringify(doc), { mode: 0o600 });
  }

  it('the wizard confirmed on cluster A installs there (secrets and helm) when the current context moves to B before "y"', async () => {
    const ns = uniqueNamespace('two');
    namespaces.push(ns);
    const dir = await tempDir('pbs-two-site-');
    await writeFile(join(dir, 'LICENSE'), 'two-cluster-license-value');
    const before = await secretsIn(otherKubeconfig);
    term = TmuxTerminal.start(
      [process.execPath, cli, ...wizardInstallFlags({ kubeconfig: combined, namespace: ns, licenseFile: join(dir, 'LICENSE') })],
      { cwd: dir, env: { HELM: testbed.helm3!, PATH: process.env['PATH'] ?? '' }, rows: 60 }, // the whole review on screen
    );
    const confirm = await term.waitFor(/Install into this cluster\?/);
    expect(confirm).toMatch(/cluster-a/);
    await confirmInstallInto(term);
    await term.waitFor(/Which registry should the builder push images to\?/);
    term.press('Enter');
    await acceptBuildkitDefaults(term);
    const review = await term.waitFor(/Apply\? \(y\/N\)/);
    expect(review).toMatch(/--kube-context cluster-a/);

    await switchCurrentContext('cluster-b');
    term.type('y');
    await term.waitFor(/The pro-builder is running in namespace/, 90_000);
    await declineTestBuild(term);
    expect(await term.waitForExit()).toBe(0);

    // Cluster A has the secrets and helm's release record.
    const onA = await secretsIn(testbed.kubeconfig!, ns);
    expect(onA).toEqual(
      expect.arrayContaining([
        `${ns}/payload-secret`,
        `${ns}/openfaas-license`,
        `${ns}/registry-secret`,
        `${ns}/sh.helm.release.v1.pro-builder.v1`,
      ]),
    );
    // Cluster B: no namespace, no secret, no release: nothing reached it.
    const kubeB = KubeClient.fromKubeconfig({ kubeconfig: otherKubeconfig });
    expect(await kubeB.getNamespace(ns)).toBeUndefined();
    expect(await secretsIn(otherKubeconfig)).toEqual(before);
    const helmList = spawnSync(testbed.helm3!, ['list', '--all-namespaces', '--all', '--short', '--kubeconfig', otherKubeconfig], {
      encoding: 'utf8',
    });
    expect(helmList.status).toBe(0);
    expect(helmList.stdout.trim()).toBe('');
  });

  it('uninstall confirmed on cluster A removes A\'s release only, when the current context moves to B before "y"', async () => {
    const ns = uniqueNamespace('two-un');
    namespaces.push(ns);
    const dir = await tempDir('pbs-two-un-');
    await writeFile(join(dir, 'LICENSE'), 'two-cluster-license-value');
    // The same release in the same namespace on both clusters: a helm uninstall sent to B would succeed there.
    const install = (kubeconfig: string, site: string) =>
      runCli(
        ttlshInstallFlags({
          kubeconfig,
          namespace: ns,
          licenseFile: join(dir, 'LICENSE'),
          chart: referenceChart('0.6.10'),
          buildkitCpu: '500m',
          outputDir: join(dir, site),
          valuesFile: join(dir, site, 'values.yaml'),
          timeout: '60s',
        }),
        { timeoutMs: 180_000 },
      );
    const installs = await Promise.all([install(testbed.kubeconfig!, 'a'), install(otherKubeconfig, 'b')]);
    for (const r of installs) expect(r.exitCode, `${r.stdout}${r.stderr}`).toBe(0);
    const release = `${ns}/sh.helm.release.v1.pro-builder.v1`;
    expect(await secretsIn(testbed.kubeconfig!, ns)).toContain(release);
    const onBBefore = await secretsIn(otherKubeconfig, ns);
    expect(onBBefore).toContain(release);

    await switchCurrentContext('cluster-a');
    term = TmuxTerminal.start([process.execPath, cli, 'uninstall', '--kubeconfig', combined, '-n', ns, '-o', join(dir, 'a')], {
      cwd: dir,
      env: { HELM: testbed.helm3!, PATH: process.env['PATH'] ?? '' },
      rows: 60,
    });
    expect(await term.waitFor(/Uninstall the pro-builder/)).toMatch(/cluster-a/);
    term.press('Enter');
    await term.waitFor(/y\/N/);
    await switchCurrentContext('cluster-b');
    term.type('y');
    expect(await term.waitForExit()).toBe(0);
    expect(term.output()).toContain('Removed the pro-builder');

    // A: helm's release record is gone (helm uninstall went there). B: every secret still there, release included.
    expect(await secretsIn(testbed.kubeconfig!, ns)).not.toContain(release);
    expect(await secretsIn(otherKubeconfig, ns)).toEqual(onBBefore);
    const helmListB = spawnSync(testbed.helm3!, ['list', '-n', ns, '--short', '--kubeconfig', otherKubeconfig], { encoding: 'utf8' });
    expect(helmListB.stdout.trim()).toBe('pro-builder');
  });
});
