/**
 * `doctor --contexts` / `--all-contexts` of the BUILT binary over three clusters in one kubeconfig:
 * the shared test bed with a healthy install, a second test-bed cluster whose install lost its
 * payload-secret, and a context whose API server does not exist (a closed port on 127.0.0.1).
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { execa } from 'execa';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { KubeClient } from '../../src/platform/kube/client.js';
import { SECRET_NAMES } from '../../src/shared/secrets/index.js';
import { CLEAN_LOGS, serveLogs } from '../fixtures/installedRelease.js';
import { describeWithCharts, kubeClient, testbed, uniqueNamespace } from './testbed.js';
import { installOnTestbed, ON_KWOK_BIG } from './testbedInstall.js';

const cli = resolve(import.meta.dirname, '../../dist/cli.js');
const script = resolve(import.meta.dirname, '../../scripts/testbed/testbed');

/** A port on 127.0.0.1 nothing listens on: connections are refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

/** One kubeconfig with the three contexts, each with its own cluster and user entry. */
async function mergedKubeconfig(dir: string, healthy: string, broken: string, unreachablePort: number): Promise<string> {
  const a = new KubeConfig();
  a.loadFromFile(healthy);
  const b = new KubeConfig();
  b.loadFromFile(broken);
  const entry = (kc: KubeConfig, name: string, server?: string) => {
    const cluster = kc.getCurrentCluster()!;
    const user = kc.getCurrentUser()!;
    return {
      cluster: { ...cluster, name: `${name}-cluster`, server: server ?? cluster.server },
      user: { ...user, name: `${name}-user` },
      context: { name, cluster: `${name}-cluster`, user: `${name}-user` },
    };
  };
  const entries = [entry(a, 'healthy'), entry(b, 'broken'), entry(a, 'unreachable', `https://127.0.0.1:${unreachablePort}`)];
  const merged = new KubeConfig();
  merged.loadFromOptions({
    clusters: entries.map((e) => e.cluster),
    users: entries.map((e) => e.user),
    contexts: entries.map((e) => e.context),
    currentContext: 'healthy',
  });
  const path = join(dir, 'kubeconfig');
  await writeFile(path, merged.exportConfig(), { mode: 0o600 });
  return path;
}

interface FleetJson {
  summary: Record<string, number>;
  contexts: {
    context: string;
    cluster: string;
    status: string;
    exitCode: number;
    chartVersion: string | null;
    generation: string | null;
    failing: string[];
    report: { namespace: string; checks: unknown[] } | null;
  }[];
}

describeWithCharts('the built binary: doctor over three clusters at once', () => {
  const secondName = `pbs-${process.pid}-fleet`;
  const namespace = uniqueNamespace('doc-fleet');
  const kubeA = kubeClient();
  let kubeB: KubeClient | undefined;
  let kubeconfig = '';
  const cleanups: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    // The second cluster starts while the first one's install runs.
    const second = execa('bash', [script, 'up', '--recreate', '--name', secondName, '--node', 'kwok-big=8,16Gi,110'], { timeout: 240_000 });
    const install = (kube: KubeClient, kc: string) =>
      installOnTestbed({ kube, kubeconfig: kc, helmBinary: testbed.helm3!, chart: '0.4.19', namespace, ...ON_KWOK_BIG });
    await install(kubeA, testbed.kubeconfig!);
    cleanups.push(await serveLogs(testbed.kubeconfig!, namespace, CLEAN_LOGS));
    const secondKubeconfig = (await second).stdout.trim().split('\n').at(-1)!.trim();
    kubeB = KubeClient.fromKubeconfig({ kubeconfig: secondKubeconfig });
    await install(kubeB, secondKubeconfig);
    await kubeB.deleteSecret(namespace, SECRET_NAMES.payload);
    const dir = await mkdtemp(join(tmpdir(), 'pbs-fleet-'));
    kubeconfig = await mergedKubeconfig(dir, testbed.kubeconfig!, secondKubeconfig, await closedPort());
  });

  afterAll(async () => {
    await Promise.all(cleanups.map((c) => c()));
    await kubeA.deleteNamespace(namespace).catch(() => undefined);
    await kubeB?.close();
    spawnSync('bash', [script, 'down', '--name', secondName], { stdio: 'ignore', timeout: 120_000 });
  });

  const doctor = (args: string[]) =>
    execa(process.execPath, [cli, 'doctor', '--kubeconfig', kubeconfig, '-n', namespace, ...args], {
      reject: false,
      stdin: 'ignore',
      env: { HELM: testbed.helm3!, NO_COLOR: '1' },
      timeout: 90_000,
    });

  it('reports every context in one JSON document, the unreachable one as a row, with the worst exit code', async () => {
    const r = await doctor(['--contexts', 'healthy,broken,unreachable', '--output', 'json']);
    expect(r.stderr).toBe('');
    const json = JSON.parse(r.stdout) as FleetJson;
    expect(json.contexts.map((c) => [c.context, c.cluster, c.status])).toEqual([
      ['healthy', 'healthy-cluster', 'ok'],
      ['broken', 'broken-cluster', 'fail'],
      ['unreachable', 'unreachable-cluster', 'unreachable'],
    ]);
    const [healthy, broken, unreachable] = json.contexts;
    expect(healthy).toMatchObject({ exitCode: 0, chartVersion: '0.4.19', generation: 'mtls', failing: [] });
    expect(broken).toMatchObject({ exitCode: 3, chartVersion: '0.4.19', generation: 'mtls' });
    expect(broken!.failing).toContain('secrets.payload');
    expect(unreachable!.failing).toContain('cluster.reachable');
    expect(unreachable!.chartVersion).toBeNull();
    for (const c of json.contexts) expect(c.report?.namespace).toBe(namespace);
    expect(json.summary).toMatchObject({ ok: 1, fail: 1, unreachable: 1, exitCode: 3 });
    expect(r.exitCode).toBe(3);
  });

  it('--all-contexts checks every context; the table has one row each', async () => {
    const r = await doctor(['--all-contexts']);
    expect(r.exitCode).toBe(3);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^CONTEXT\s+CLUSTER\s+CHART\s+STATUS\s+FAILING CHECKS$/);
    expect(lines[1]).toMatch(/^healthy\s+healthy-cluster\s+0\.4\.19 \(mtls\)\s+ok\b/);
    expect(lines[2]).toMatch(/^broken\s+broken-cluster\s+0\.4\.19 \(mtls\)\s+fail\s+.*secrets\.payload/);
    expect(lines[3]).toMatch(/^unreachable\s+unreachable-cluster\s+–\s+unreachable\s+cluster\.reachable/);
  });

  it('a healthy context alone exits 0', async () => {
    const r = await doctor(['--contexts', 'healthy', '--output', 'short']);
    expect(r.stdout).toMatch(/^healthy\s+healthy-cluster\s+0\.4\.19 \(mtls\)\s+ok\s+–$/m);
    expect(r.exitCode).toBe(0);
  });

  it('an unknown context is a usage error, named before any cluster is asked', async () => {
    const r = await doctor(['--contexts', 'healthy,nope']);
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/--contexts: "nope" is not in .*Known contexts: "healthy", "broken", "unreachable"/);
  });
});
