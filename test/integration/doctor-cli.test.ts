/**
 * The BUILT binary's doctor (`node dist/cli.js doctor`, as `npm run test:integration` builds it) on
 * the real test bed: one JSON document on stdout, the same exit code in every format, no secret
 * value anywhere in the output, --wait stopping early, and the live screen in a real terminal.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SECRET_NAMES } from '../../src/shared/secrets/index.js';
import { CLEAN_LOGS, pinnedTo, serveLogs, type InstalledRelease } from '../fixtures/installedRelease.js';
import { hasTmux, TmuxTerminal } from './terminal.js';
import { describeWithCharts, kubeClient, namespacesDeletedAfterAll, testbed, uniqueNamespace } from './testbed.js';
import { installOnTestbed, ON_KWOK_BIG, type TestbedInstall } from './testbedInstall.js';

const cli = resolve(import.meta.dirname, '../../dist/cli.js');
const itTty = hasTmux() || process.env['CI'] ? it : it.skip;

const SIGNING_SECRET = 'dGhpcy1pcy10aGUtZG9jdG9yLWNsaS1zaWduaW5nLXNlY3I=';
const LICENSE = 'eyJhbGciOiJSUzI1NiJ9.doctor-cli-LICENSE-sentinel.c2lnbmF0dXJl';
const REGISTRY_PASSWORD = 'ghp_DoctorCliRegistryTokenSentinel0123456789';
const ANSI = /\x1b\[/;

describeWithCharts('the built binary: probuilder-setup doctor on the real test bed', () => {
  const kube = kubeClient();
  const namespaces = namespacesDeletedAfterAll(() => kube);
  const cleanups: (() => Promise<void>)[] = [];
  let healthy: InstalledRelease;
  let broken: InstalledRelease;
  let small: InstalledRelease;
  /** Every secret value the installs hold, raw and base64: none may reach stdout or stderr. */
  const secrets: string[] = [];

  const install = async (prefix: string, extra: Partial<TestbedInstall> = {}) => {
    const namespace = uniqueNamespace(prefix);
    namespaces.push(namespace);
    return installOnTestbed({
      kube,
      helmBinary: testbed.helm3!,
      chart: '0.4.19',
      namespace,
      ...ON_KWOK_BIG,
      license: LICENSE,
      makeSigningSecret: () => SIGNING_SECRET,
      ...extra,
    });
  };

  beforeAll(async () => {
    const registry = { kind: 'private', server: 'ghcr.io', username: 'octocat', password: REGISTRY_PASSWORD } as const;
    [healthy, broken, small] = await Promise.all([
      install('doc-cli-ok', { registry }),
      install('doc-cli-bad', { registry }),
      install('doc-cli-small', {
        buildkitCpu: undefined,
        buildkitMemory: undefined,
        values: pinnedTo('kwok-small'),
        waitForRollout: false,
      }),
    ]);
    for (const r of [healthy, broken]) cleanups.push(await serveLogs(testbed.kubeconfig!, r.namespace, CLEAN_LOGS));
    // Broken: the registry config keeps its real auth but adds a credsStore the pod cannot use.
    const s = (await kube.getSecret(broken.namespace, SECRET_NAMES.registry))!;
    const config = JSON.parse(Buffer.from(s.data!['config.json']!, 'base64').toString()) as Record<string, unknown>;
    await kube.replaceSecret(broken.namespace, {
      ...s,
      data: undefined,
      stringData: { 'config.json': JSON.stringify({ ...config, credsStore: 'desktop' }) },
    });

    const keys = await Promise.all(
      ['server.key', 'client.key', 'ca.key'].map((f) => readFile(join(healthy.outputDir, 'certs', f), 'utf8').catch(() => '')),
    );
    const auth = Buffer.from(`octocat:${REGISTRY_PASSWORD}`).toString('base64');
    for (const v of [SIGNING_SECRET, LICENSE, REGISTRY_PASSWORD, auth, ...keys.filter(Boolean)]) {
      secrets.push(v, Buffer.from(v).toString('base64'));
      // A PEM's body is base64 already: its lines must not show up either.
      for (const line of v.split('\n').filter((l) => l.length > 40 && !l.startsWith('-----'))) secrets.push(line);
    }
  });
  afterAll(async () => {
    await Promise.all(cleanups.map((c) => c()));
  });

  const doctor = (r: InstalledRelease, args: string[] = [], env: Record<string, string> = {}) =>
    execa(process.execPath, [cli, 'doctor', '--kubeconfig', testbed.kubeconfig!, '-n', r.namespace, ...args], {
      reject: false,
      stdin: 'ignore',
      env: { HELM: testbed.helm3!, ...env },
      extendEnv: true,
      timeout: 90_000,
    });

  const expectNoSecrets = (text: string) => {
    for (const s of secrets) expect(text.includes(s), `a secret value (${s.length} chars) appeared in the output`).toBe(false);
  };

  it('--output json on a healthy install: one JSON document, nothing on stderr, exit 0, no secret', async () => {
    const r = await doctor(healthy, ['--output', 'json']);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    const report = JSON.parse(r.stdout) as {
      summary: { fail: number; warn: number; exitCode: number };
      checks: { id: string; status: string }[];
      namespace: string;
    };
    expect(report.namespace).toBe(healthy.namespace);
    expect(report.summary).toMatchObject({ fail: 0, warn: 0, exitCode: 0 });
    expect(report.checks.find((c) => c.id === 'secrets.registry')).toMatchObject({ status: 'pass' });
    expect(r.stdout).not.toMatch(ANSI);
    expectNoSecrets(r.stdout + r.stderr);
  });

  it('--output json on a broken install: exit 3, the problem named, still no secret', async () => {
    const r = await doctor(broken, ['--output', 'json']);
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout) as {
      summary: { exitCode: number };
      checks: { id: string; status: string; summary: string; evidence: string[] }[];
    };
    expect(report.summary.exitCode).toBe(3);
    const registry = report.checks.find((c) => c.id === 'secrets.registry')!;
    expect(registry.status).toBe('fail');
    expect(registry.summary).toMatch(/^registry-secret: The config sets "credsStore" to "desktop"/);
    expect(registry.evidence).toContain('auths: ghcr.io');
    expectNoSecrets(r.stdout + r.stderr);
  });

  it('--output short and the plain report (stdout not a terminal): exit 3 too, no colour, no secret', async () => {
    const short = await doctor(broken, ['--output', 'short']);
    expect(short.exitCode).toBe(3);
    expect(short.stdout.split('\n')[0]).toMatch(/^× \[secrets\.registry\] registry-secret: The config sets "credsStore" to "desktop"/);
    expect(short.stdout).toContain(
      `    fix:  kubectl create secret generic registry-secret --from-file config.json=./config.json -n ${broken.namespace}`,
    );
    expect(short.stdout).not.toContain('[cluster.reachable]');

    const plain = await doctor(broken);
    expect(plain.exitCode).toBe(3);
    expect(plain.stdout).toMatch(/^Secrets\n-------\n/m);
    expect(plain.stdout).toMatch(/^× registry push secret registry-secret: registry-secret: The config sets "credsStore"/m);
    expect(plain.stdout).toMatch(/^✓ Kubernetes API reachable: /m);
    expect(plain.stdout.trimEnd().split('\n').pop()).toMatch(/^× \d+ passed, 0 warnings, 1 failed, \d+ skipped$/);
    expect(plain.stdout).not.toMatch(ANSI);
    expect(plain.stderr).toBe('');
    expectNoSecrets(short.stdout + short.stderr + plain.stdout + plain.stderr);
  });

  it('--wait stops at once when the pod can never fit (final), with exit 3 and one JSON document', async () => {
    const started = Date.now();
    // A window far longer than any busy machine needs for one attempt: ending well inside it can only
    // mean the doctor stopped at the final failure instead of waiting it out.
    const r = await doctor(small, ['--output', 'json', '--wait', '30m']);
    expect(r.exitCode).toBe(3);
    expect(Date.now() - started).toBeLessThan(10 * 60_000);
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout) as { checks: { id: string; status: string; final: boolean; summary: string }[] };
    expect(report.checks.find((c) => c.id === 'nodes.fit')).toMatchObject({ status: 'fail', final: true });
    expect(report.checks.find((c) => c.id === 'nodes.fit')!.summary).toMatch(
      /largest free node \(kwok-small\) has \d+m CPU; the pod requests 2100m \(BuildKit 2000m\); short by \d+m/,
    );
  });

  it('a bad --wait is a usage error: exit 2, nothing on stdout', async () => {
    const r = await doctor(healthy, ['--output', 'json', '--wait', 'forever']);
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^probuilder-setup: --wait: The duration "forever" is not understood/);
  });

  it('a kubeconfig it cannot use: a missing --kubeconfig file is a usage error (2); one without a current context ends with a JSON error (1)', async () => {
    const missing = await execa(process.execPath, [cli, 'doctor', '--output', 'json', '--kubeconfig', '/nonexistent/kubeconfig'], {
      reject: false,
      stdin: 'ignore',
    });
    expect(missing.exitCode).toBe(2);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toMatch(/^probuilder-setup: The kubeconfig file .*\/nonexistent\/kubeconfig.* does not exist\./);

    const dir = await mkdtemp(join(tmpdir(), 'pbs-doctor-kc-'));
    const noContext = join(dir, 'kubeconfig');
    await writeFile(noContext, 'apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\nusers: []\n');
    const r = await execa(process.execPath, [cli, 'doctor', '--output', 'json', '--kubeconfig', noContext], {
      reject: false,
      stdin: 'ignore',
    });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toMatchObject({
      error: { message: `The kubeconfig ${noContext} has no current context.` },
      summary: { exitCode: 1 },
    });
  });

  itTty('the live screen in a real terminal: categories, glyphs, hint and fix under the failure, exit 3', async () => {
    const term = TmuxTerminal.start([process.execPath, cli, 'doctor', '--kubeconfig', testbed.kubeconfig!, '-n', broken.namespace], {
      cols: 140,
      rows: 80,
      env: { HELM: testbed.helm3! },
    });
    try {
      expect(await term.waitForExit(60_000)).toBe(3);
      const screen = await term.waitFor(/failed, \d+ skipped/);
      expect(screen).toMatch(/^Secrets$/m);
      expect(screen).toMatch(/^× registry push secret registry-secret: registry-secret: The config sets "credsStore" to "desktop"/m);
      expect(screen).toContain(
        `fix: kubectl create secret generic registry-secret --from-file config.json=./config.json -n ${broken.namespace}`,
      );
      expect(screen).toMatch(/^✓ Kubernetes API reachable/m);
      expect(screen).toMatch(/^– service account and IAM role annotation: .*\(not applicable\)/m);
      expect(screen).toMatch(/^× \d+ passed, 0 warnings, 1 failed, \d+ skipped$/m);
      // Colour on a terminal, and the spinner frames while checks ran.
      expect(term.output()).toMatch(ANSI);
      expectNoSecrets(term.output());
    } finally {
      term.close();
    }
  });
});
