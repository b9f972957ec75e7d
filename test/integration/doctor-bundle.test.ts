/**
 * `doctor --bundle` on the real test bed: an install whose values and pod logs (current and previous,
 * served by kwok ClusterLogs) were seeded with every secret value the doctor reads, raw, base64 and
 * inside URLs. The bundle is unpacked with the system tar and every file is searched for each value
 * in each encoding: zero hits. The expected parts are present, the file is 0600, `--bundle -` writes
 * the archive to stdout, and an existing file is never overwritten.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { CoreV1Api, CustomObjectsApi } from '@kubernetes/client-node';
import { execa } from 'execa';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { MIN_SECRET_LENGTH } from '../../src/features/doctor/bundle/redact.js';
import { loadKubeConfig } from '../../src/platform/kube/config.js';
import { awsCredentialsIni } from '../../src/shared/registry/awsCredentials.js';
import { SECRET_NAMES } from '../../src/shared/secrets/index.js';
import { criLog, type InstalledRelease } from '../fixtures/installedRelease.js';
import { cli } from './cliHarness.js';
import { describeWithCharts, kubeClient, namespacesDeletedAfterAll, referenceChart, testbed, uniqueNamespace } from './testbed.js';
import { installOnTestbed, ON_KWOK_BIG } from './testbedInstall.js';

const LICENSE = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJidW5kbGUtbGljZW5zZS1zZW50aW5lbCJ9.QnVuZGxlTGljZW5zZVNpZ25hdHVyZQ';
const SIGNING_SECRET = 'QnVuZGxlU2lnbmluZ1NlY3JldFNlbnRpbmVsMDEyMzQ1Njc4OQ==';
const REGISTRY_USER = 'octocat';
const REGISTRY_PASSWORD = 'ghp_BundleRegistryToken/Sentinel+0123456789';
const AWS_ID = 'AKIABUNDLESENTINEL01';
const AWS_SECRET = 'bUnDlEsEcReTaCcEsSkEy/SeNtInEl+0123456789';

const b64 = (s: string) => Buffer.from(s).toString('base64');
const b64url = (s: string) => b64(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/** Every way the tests write a value into logs and values, and search for it afterwards. */
function encodings(v: string): Record<string, string> {
  return { raw: v, base64: b64(v), 'base64 with newline': b64(`${v}\n`), base64url: b64url(v), 'URL-encoded': encodeURIComponent(v) };
}

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await filesUnder(p)));
    else out.push(p);
  }
  return out;
}

describeWithCharts('doctor --bundle on the real test bed: a redacted support bundle', () => {
  const kube = kubeClient();
  const namespaces = namespacesDeletedAfterAll(() => kube);
  const cleanups: (() => Promise<void>)[] = [];
  let r: InstalledRelease;
  /** name → value: every secret value the doctor reads here. */
  const values = new Map<string, string>();
  let pod: string;

  beforeAll(async () => {
    const namespace = uniqueNamespace('doc-bundle');
    namespaces.push(namespace);
    r = await installOnTestbed({
      kube,
      helmBinary: testbed.helm3!,
      chart: '0.4.19',
      namespace,
      ...ON_KWOK_BIG,
      license: LICENSE,
      makeSigningSecret: () => SIGNING_SECRET,
      registry: { kind: 'ecr', accountId: '123456789012', region: 'eu-west-1', credentialsIni: awsCredentialsIni(AWS_ID, AWS_SECRET) },
    });
    // A private registry's password besides the ECR credentials: the config.json a user would paste.
    const auth = b64(`${REGISTRY_USER}:${REGISTRY_PASSWORD}`);
    const reg = (await kube.getSecret(namespace, SECRET_NAMES.registry))!;
    await kube.replaceSecret(namespace, {
      ...reg,
      data: undefined,
      stringData: { 'config.json': JSON.stringify({ auths: { 'ghcr.io': { auth } } }) },
    });

    const keys = await Promise.all(
      [
        [SECRET_NAMES.daemonCerts, 'server.key'],
        [SECRET_NAMES.clientCerts, 'client.key'],
      ].map(async ([name, key]) => Buffer.from((await kube.getSecret(namespace, name!))!.data![key!]!, 'base64').toString()),
    );
    values.set('license', LICENSE);
    values.set('payload', SIGNING_SECRET);
    values.set('registry password', REGISTRY_PASSWORD);
    values.set('registry auth', auth);
    values.set('AWS access key id', AWS_ID);
    values.set('AWS secret access key', AWS_SECRET);
    keys.forEach((k, i) => {
      values.set(`private key ${i}`, k);
      k.split('\n')
        // A PEM's last line can be a few characters: values that short are not searched for (the README says so).
        .filter((l) => l.length >= MIN_SECRET_LENGTH && !l.startsWith('-----'))
        .forEach((l, j) => values.set(`private key ${i} line ${j}`, l));
    });

    // Values: every secret in every encoding, and inside URLs, through a real helm upgrade.
    const seeded: Record<string, string> = {};
    for (const [name, v] of values) {
      for (const [enc, text] of Object.entries(encodings(v))) seeded[`${name} ${enc}`] = text;
      seeded[`${name} in a URL`] = `https://${REGISTRY_USER}:${encodeURIComponent(v)}@registry.example.com/v2/`;
    }
    const seedFile = join(await mkdtemp(join(tmpdir(), 'pbs-bundle-seed-')), 'seed.yaml');
    await writeFile(seedFile, JSON.stringify({ seeded }));
    execFileSync(
      testbed.helm3!,
      [
        'upgrade',
        'pro-builder',
        referenceChart('0.4.19'),
        '-n',
        namespace,
        '--kubeconfig',
        testbed.kubeconfig!,
        '--reuse-values',
        '-f',
        seedFile,
      ],
      { stdio: 'pipe' },
    );

    // Logs: the same, current and previous run of both containers.
    const lines = (run: string) => [
      `${run}: starting`,
      ...[...values].flatMap(([name, v]) => [
        ...Object.entries(encodings(v)).flatMap(([enc, text]) => text.split('\n').map((t) => `${run} ${name} ${enc}: ${t}`)),
        `${run} ${name}: pulling https://${REGISTRY_USER}:${v.split('\n')[0]}@registry.example.com/v2/`,
      ]),
    ];
    const dir = await mkdtemp(join(tmpdir(), 'pbs-bundle-logs-'));
    await writeFile(join(dir, 'current.log'), criLog(lines('current')));
    await writeFile(join(dir, 'previous.log'), criLog(lines('previous')));
    const { kc } = loadKubeConfig({ kubeconfig: testbed.kubeconfig! });
    const custom = kc.makeApiClient(CustomObjectsApi);
    const logsName = `logs-${namespace}`;
    await custom.createClusterCustomObject({
      group: 'kwok.x-k8s.io',
      version: 'v1alpha1',
      plural: 'clusterlogs',
      body: {
        apiVersion: 'kwok.x-k8s.io/v1alpha1',
        kind: 'ClusterLogs',
        metadata: { name: logsName },
        spec: {
          selector: { matchNamespaces: [namespace] },
          logs: [{ logsFile: join(dir, 'current.log'), previousLogsFile: join(dir, 'previous.log') }],
        },
      },
    });
    cleanups.push(() =>
      custom.deleteClusterCustomObject({ group: 'kwok.x-k8s.io', version: 'v1alpha1', plural: 'clusterlogs', name: logsName }).then(
        () => undefined,
        () => undefined,
      ),
    );
    const core = kc.makeApiClient(CoreV1Api);
    pod = (await kube.listPods(namespace, { labelSelector: 'app=pro-builder' }))[0]!.metadata!.name!;
    const deadline = Date.now() + 30_000;
    for (;;) {
      const served = await core.readNamespacedPodLog({ namespace, name: pod, container: 'pro-builder', previous: true }).catch(() => '');
      if (served.includes('previous: starting')) break;
      if (Date.now() > deadline) throw new Error(`kwok did not serve the previous log of ${namespace}/${pod} within 30 s`);
      await new Promise((res) => setTimeout(res, 100));
    }
  });
  afterAll(async () => {
    await Promise.all(cleanups.map((c) => c()));
  });

  const doctor = (args: string[], encoding: 'utf8' | 'buffer' = 'utf8') =>
    execa(process.execPath, [cli, 'doctor', '--kubeconfig', testbed.kubeconfig!, '-n', r.namespace, ...args], {
      reject: false,
      stdin: 'ignore',
      env: { HELM: testbed.helm3! },
      extendEnv: true,
      timeout: 120_000,
      encoding,
    });

  /** Unpacks with the system tar; every file's text by its path inside the bundle. */
  async function unpack(archive: string): Promise<Map<string, string>> {
    const dir = await mkdtemp(join(tmpdir(), 'pbs-bundle-out-'));
    execFileSync('tar', ['-xzf', archive, '-C', dir]);
    const [root] = await readdir(dir);
    const files = new Map<string, string>();
    for (const f of await filesUnder(join(dir, root!))) files.set(relative(join(dir, root!), f), await readFile(f, 'utf8'));
    return files;
  }

  function expectNoSecret(files: Map<string, string>) {
    const hits: string[] = [];
    for (const [name, v] of values) {
      for (const [enc, text] of Object.entries(encodings(v))) {
        for (const [path, content] of files) if (content.includes(text)) hits.push(`${name} (${enc}) in ${path}`);
      }
    }
    expect(hits).toEqual([]);
  }

  it('--bundle FILE: every part present, 0600, progress per part, and not one secret value in any encoding', async () => {
    const out = join(await mkdtemp(join(tmpdir(), 'pbs-bundle-')), 'support.tar.gz');
    const run = await doctor(['--bundle', out, '--output', 'json']);
    if (typeof run.stdout !== 'string' || typeof run.stderr !== 'string') throw new Error('expected text output');
    expect(run.stderr).toMatch(/^bundle: doctor report: 2 files/m);
    expect(JSON.parse(run.stdout)).toMatchObject({ namespace: r.namespace });
    expect([0, 3, 4]).toContain(run.exitCode);
    expect((await stat(out)).mode & 0o777).toBe(0o600);
    for (const part of [
      'versions',
      'release values',
      'workload',
      'events',
      'logs',
      'node capacity and requests',
      'secrets (names, keys and lengths)',
    ]) {
      expect(run.stderr).toMatch(new RegExp(`^bundle: ${part.replace(/[()]/g, '\\$&')}: \\d+ files?`, 'm'));
    }
    expect(run.stderr).toContain(`bundle: wrote ${out}`);

    const files = await unpack(out);
    for (const path of [
      'README.md',
      'doctor/report.json',
      'versions.yaml',
      'release/user-supplied-values.yaml',
      'release/computed-values.yaml',
      'kubernetes/deployment.yaml',
      'kubernetes/replicasets.yaml',
      'kubernetes/pods.yaml',
      'kubernetes/service.yaml',
      'kubernetes/events.yaml',
      `logs/${pod}/pro-builder.log`,
      `logs/${pod}/pro-builder.previous.log`,
      `logs/${pod}/buildkit.log`,
      `logs/${pod}/buildkit.previous.log`,
      'resources/nodes.yaml',
      'resources/requests.txt',
      'secrets.txt',
    ]) {
      expect(files.has(path), path).toBe(true);
    }
    // The logs and values were collected, with the secrets cut out of them ("octocat:<password>" is
    // the decoded auth field, a secret value of its own, so the user name goes with it).
    expect(files.get(`logs/${pod}/pro-builder.previous.log`)).toContain(
      'previous payload raw: [REDACTED secret payload-secret/payload-secret]',
    );
    expect(files.get(`logs/${pod}/pro-builder.log`)).toContain(
      'current registry password: pulling https://[REDACTED secret registry-secret/config.json]@registry.example.com/v2/',
    );
    expect(files.get('release/user-supplied-values.yaml')).toContain('license raw: "[REDACTED');
    expect(files.get('kubernetes/service.yaml')).toContain('name: pro-builder');
    expect(files.get('kubernetes/replicasets.yaml')).toContain('kind: Deployment');
    expect(files.get('versions.yaml')).toMatch(/version: 0\.4\.19/);
    expect(files.get('versions.yaml')).toMatch(/gitVersion: v1\./);
    expect(files.get('secrets.txt')).toContain(`payload-secret: ${SIGNING_SECRET.length} bytes`);
    expect(files.get('README.md')).toMatch(/## What was removed/);
    expect(files.get('README.md')).toMatch(new RegExp(`logs/${pod}/pro-builder\\.log: \\d+ × secret`));
    expectNoSecret(files);
  });

  it('--bundle - writes the archive to stdout and the report and progress to stderr', async () => {
    const run = await doctor(['--bundle', '-', '--bundle-log-lines', '5'], 'buffer');
    const stderr = Buffer.from(run.stderr).toString();
    expect(stderr).toMatch(/^bundle: logs: \d+ files/m);
    const archive = join(await mkdtemp(join(tmpdir(), 'pbs-bundle-')), 'stdout.tar.gz');
    await writeFile(archive, run.stdout as Uint8Array);
    const files = await unpack(archive);
    expect(files.get(`logs/${pod}/pro-builder.log`)!.trimEnd().split('\n')).toHaveLength(5);
    expect(files.get('README.md')).toContain('the last 5 lines');
    expectNoSecret(files);
  });

  it('refuses to overwrite an existing file, before asking the cluster, and leaves it as it was', async () => {
    const out = join(await mkdtemp(join(tmpdir(), 'pbs-bundle-')), 'exists.tar.gz');
    await writeFile(out, 'keep me');
    const run = await doctor(['--bundle', out]);
    expect(run.exitCode).toBe(2);
    expect(String(run.stderr)).toContain(`${out} already exists; nothing was collected`);
    expect(await readFile(out, 'utf8')).toBe('keep me');
  });

  it('a folder that does not exist: refused before asking the cluster (exit 2), not after collecting', async () => {
    const out = join(await mkdtemp(join(tmpdir(), 'pbs-bundle-')), 'missing', 'b.tar.gz');
    const run = await doctor(['--bundle', out]);
    expect(run.exitCode).toBe(2);
    expect(String(run.stderr)).toMatch(/^probuilder-setup: --bundle: the folder .*missing does not exist; nothing was collected\./);
    expect(String(run.stdout)).toBe('');
  });
});
