import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AdmissionregistrationV1Api, KubeConfig } from '@kubernetes/client-node';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { generateCertificateSet } from '../../src/shared/certs/index.js';
import { decodeSecretData, SECRET_NAMES } from '../../src/shared/secrets/index.js';
import {
  cli,
  cliOutput,
  closedPort,
  expectExplained,
  expectNoStack,
  killGroup,
  kubeconfigVariant,
  readTestbedKubeconfig,
  runCli,
  startCli,
  tempDir,
  ttlshInstallFlags,
} from './cliHarness.js';
import { doctorJsonChecks } from './doctorJson.js';
import { FaultProxy } from './faultProxy.js';
import { readOnlyIdentity, type TestIdentity } from './identities.js';
import { hasTmux, TmuxTerminal } from './terminal.js';
import { describeWithCharts, kubeClient, namespacesDeletedAfterAll, referenceChart, testbed, uniqueNamespace } from './testbed.js';

/**
 * How long the terminal tests wait for a screen. A command that hangs is caught by the harness's
 * own deadline (`timedOut`); elapsed times are not asserted (a busy machine stretches them).
 */
const BOUND_MS = 30_000;

type Fault = 'unreachable' | 'tls' | 'unauthorized' | 'slow';

const SENTENCES: Record<Fault, RegExp> = {
  unreachable: /Cannot reach the cluster at https:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)\./,
  tls: /The TLS connection to https:\/\/127\.0\.0\.1:\d+ failed \(UNABLE_TO_VERIFY_LEAF_SIGNATURE\)\./,
  unauthorized: /the cluster did not accept your credentials \(401\)\./,
  slow: /Timed out trying to get (version|namespace \S+): https:\/\/127\.0\.0\.1:\d+ did not answer in time\./,
};

describeWithCharts('API faults: one sentence with the next step, a bounded exit, no stack trace', () => {
  const admin = kubeClient();
  const namespaces = namespacesDeletedAfterAll(() => admin);
  const kubeconfigs = {} as Record<Fault, string>;
  let blackhole: FaultProxy;
  let installed: string;
  let workDir: string;
  let license: string;
  let readOnly: TestIdentity;
  const users = uniqueNamespace('faults-users');
  let term: TmuxTerminal | undefined;

  beforeAll(async () => {
    workDir = await tempDir('pbs-faults-');
    license = join(workDir, 'LICENSE');
    await writeFile(license, 'faults-license');
    const server = readTestbedKubeconfig().clusters[0]!.cluster['server'] as string;
    blackhole = await FaultProxy.start(server, { blackhole: true });
    // A CA that did not sign the API server's certificate.
    const wrongCa = (await generateCertificateSet()).caCert;
    kubeconfigs.unreachable = await kubeconfigVariant({ server: `https://127.0.0.1:${await closedPort()}` });
    kubeconfigs.tls = await kubeconfigVariant({ cluster: { 'certificate-authority-data': Buffer.from(wrongCa).toString('base64') } });
    kubeconfigs.unauthorized = await kubeconfigVariant({ user: { token: 'not-a-token-this-cluster-issued' } });
    kubeconfigs.slow = await kubeconfigVariant({ server: blackhole.url });

    // A real install to aim the 403 and 404 cases at.
    installed = uniqueNamespace('faults');
    namespaces.push(installed, users);
    const r = await runCli(installArgs(testbed.kubeconfig!, installed));
    expect(r.exitCode, cliOutput(r)).toBe(0);
    readOnly = await readOnlyIdentity(installed, users, 'reader');
  });
  afterEach(() => term?.close());
  afterAll(async () => {
    await blackhole?.close();
    await readOnly?.cleanup();
  });

  function installArgs(kubeconfig: string, ns: string, extra: string[] = []): string[] {
    return [
      ...ttlshInstallFlags({
        kubeconfig,
        namespace: ns,
        licenseFile: license,
        chart: referenceChart('0.6.10'),
        buildkitCpu: '100m',
        outputDir: join(workDir, ns),
        valuesFile: join(workDir, ns, 'values.yaml'),
        timeout: '60s',
      }),
      ...extra,
    ];
  }

  const commands: [string, (kubeconfig: string) => string[]][] = [
    ['install', (k) => installArgs(k, installed, ['--request-timeout', '2s'])],
    [
      'uninstall',
      (k) => ['uninstall', '--yes', '--kubeconfig', k, '-n', installed, '-o', join(workDir, 'none'), '--request-timeout', '2s'],
    ],
    [
      'rotate',
      (k) => [
        'rotate',
        'signing-secret',
        '--yes',
        '--kubeconfig',
        k,
        '-n',
        installed,
        '-o',
        join(workDir, 'none'),
        '--request-timeout',
        '2s',
      ],
    ],
  ];

  it.each(['unreachable', 'tls', 'unauthorized', 'slow'] as Fault[])(
    '%s: install, uninstall and rotate say what happened and what to do, exit 1',
    async (fault) => {
      const runs = await Promise.all(commands.map(async ([name, args]) => [name, await runCli(args(kubeconfigs[fault]))] as const));
      for (const [name, r] of runs) {
        expect(r.timedOut, `${name} hung`).toBe(false);
        expect(r.exitCode, `${name}: ${cliOutput(r)}`).toBe(1);
        expectExplained(r, SENTENCES[fault]);
        // One error, said once: the sentence and its next step, nothing else on stderr.
        expect(r.stderr.trim().split('\n'), `${name} stderr`).toHaveLength(2);
      }
      // Nothing was changed on the way: the installed release is as it was.
      expect(decodeSecretData((await admin.getSecret(installed, SECRET_NAMES.payload))!)['payload-secret']).toBeDefined();
    },
  );

  it.each(['unreachable', 'tls', 'unauthorized', 'slow'] as Fault[])(
    '%s: doctor --output json is one JSON document carrying the sentence and the next step',
    async (fault) => {
      const r = await runCli([
        'doctor',
        '--output',
        'json',
        '--kubeconfig',
        kubeconfigs[fault],
        '-n',
        installed,
        '--request-timeout',
        '2s',
      ]);
      expect(r.timedOut).toBe(false);
      expectNoStack(cliOutput(r));
      const doc = JSON.parse(r.stdout) as {
        error?: { message: string; nextStep: string | null };
        checks?: { id: string; status: string; summary: string; hint: string | null }[];
      };
      const said = doc.error ?? doc.checks?.find((c) => c.status === 'fail');
      expect(said, r.stdout).toBeDefined();
      const sentence = 'message' in said! ? said.message : said!.summary;
      const next = 'nextStep' in said! ? said.nextStep : said!.hint;
      expect(sentence).toMatch(SENTENCES[fault]);
      expect(next).toMatch(/\S{5,}/);
      expect([1, 3]).toContain(r.exitCode);
    },
  );

  it('--debug adds the stack traces, of the error and of its cause', async () => {
    const r = await runCli([...installArgs(kubeconfigs.unreachable, installed), '--debug']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(SENTENCES.unreachable);
    expect(r.stderr).toMatch(/KubeError: Cannot reach the cluster[^\n]*\n\s+at /);
    expect(r.stderr).toMatch(/Caused by: .*\n(.*\n)*.*ECONNREFUSED/);
  });

  it('403: a read-only user is told which permissions are missing (install) or which write was refused (rotate, uninstall)', async () => {
    const install = await runCli(installArgs(readOnly.kubeconfig, installed));
    expect(install.exitCode, cliOutput(install)).toBe(1);
    expect(install.stderr).toMatch(
      new RegExp(`Your user may not create secrets in namespace ${installed}; update secrets in namespace ${installed}`),
    );
    expect(install.stderr).toMatch(new RegExp(`  × create secrets in namespace ${installed}\\n`));
    expect(install.stderr).toMatch(/Next: Ask a cluster admin to bind you a Role with these permissions/);
    expectNoStack(cliOutput(install));

    const rotate = await runCli([
      'rotate',
      'signing-secret',
      '--yes',
      '--kubeconfig',
      readOnly.kubeconfig,
      '-n',
      installed,
      '-o',
      await tempDir('pbs-rot-'),
    ]);
    expect(rotate.exitCode, cliOutput(rotate)).toBe(1);
    expect(cliOutput(rotate)).toMatch(new RegExp(`Not allowed to update secret ${installed}/payload-secret \\(403\\)\\.`));
    expect(cliOutput(rotate)).toMatch(/Role that allows "update" on secret in namespace/);
    expectNoStack(cliOutput(rotate));

    const uninstall = await runCli([
      'uninstall',
      '--yes',
      '--kubeconfig',
      readOnly.kubeconfig,
      '-n',
      installed,
      '-o',
      await tempDir('pbs-un-'),
    ]);
    expect(uninstall.exitCode, cliOutput(uninstall)).toBe(1);
    // helm itself only says "failed to delete release": the permissions are asked first instead.
    expectExplained(
      uninstall,
      new RegExp(
        `Your user may not delete deployments\\.apps in namespace ${installed}; delete services in namespace ${installed}; delete secrets in namespace ${installed}, which this uninstall needs\\. Nothing was changed\\.`,
      ),
    );
    // Still installed: the refused writes changed nothing.
    expect(await admin.getDeployment(installed, 'pro-builder')).toBeDefined();
  });

  it('404: a release or namespace that is not there is said plainly', async () => {
    const missing = uniqueNamespace('faults-missing');
    const rotate = await runCli(['rotate', 'certs', '--yes', '--kubeconfig', testbed.kubeconfig!, '-n', missing]);
    expect(rotate.exitCode).toBe(1);
    expectExplained(rotate, new RegExp(`Namespace ${missing} does not exist, so there is no pro-builder to rotate\\.`));

    const uninstall = await runCli([
      'uninstall',
      '--yes',
      '--kubeconfig',
      testbed.kubeconfig!,
      '-n',
      installed,
      '--release',
      'not-here',
      '-o',
      await tempDir('pbs-un-'),
    ]);
    expect(uninstall.exitCode, cliOutput(uninstall)).toBe(0);
    expect(uninstall.stdout).toMatch(/Nothing to remove/);
    // The secrets have fixed names: release pro-builder still reads them, so they stay.
    expect(uninstall.stdout).toMatch(/keep\s+Secret \S+\/payload-secret .*still used by deployment\/pro-builder/);
    expect(await admin.getSecret(installed, SECRET_NAMES.payload)).toBeDefined();

    const checks = await doctorJsonChecks(['--kubeconfig', testbed.kubeconfig!, '-n', missing]);
    const ns = checks.find((c) => c.id === 'cluster.namespace')!;
    expect(ns).toMatchObject({ status: 'fail', summary: `Namespace ${missing} does not exist.` });
    expect(ns.fix ?? ns.hint).toBeTruthy();
  });

  it('409: a secret made by someone else while installing is never replaced; the install stops and says to re-run', async () => {
    const ns = uniqueNamespace('faults-409');
    namespaces.push(ns);
    const server = readTestbedKubeconfig().clusters[0]!.cluster['server'] as string;
    const proxy = await FaultProxy.start(server, { delayMs: 150 });
    try {
      const child = startCli(installArgs(await kubeconfigVariant({ server: proxy.url }), ns));
      // The namespace is the first thing the apply makes; the registry secret comes two requests later.
      while (!(await admin.getNamespace(ns))) await new Promise((r) => setTimeout(r, 5));
      await admin.createSecret(ns, {
        metadata: { name: SECRET_NAMES.registry },
        stringData: { 'config.json': '{"auths":{"mine.example":{}}}' },
      });
      const r = await child;
      const run = { stdout: String(r.stdout), stderr: String(r.stderr), exitCode: r.exitCode, ms: 0, timedOut: false };
      expect(run.exitCode, cliOutput(run)).toBe(1);
      expectExplained(run, new RegExp(`Secret ${ns}/registry-secret appeared while installing\\.`));
      expect(run.stderr).toMatch(/Next: Run the install again: it will show the new secret and ask before replacing it\./);
      expect(decodeSecretData((await admin.getSecret(ns, SECRET_NAMES.registry))!)['config.json']!.toString()).toBe(
        '{"auths":{"mine.example":{}}}',
      );
      killGroup(child);
    } finally {
      await proxy.close();
    }
  });

  it("422: a secret the API server refuses (an admission policy) is one sentence with the server's reason", async () => {
    const ns = uniqueNamespace('faults-422');
    namespaces.push(ns);
    const kc = new KubeConfig();
    kc.loadFromFile(testbed.kubeconfig!);
    const admission = kc.makeApiClient(AdmissionregistrationV1Api);
    const name = `pbs-deny-${ns}`;
    await admission.createValidatingAdmissionPolicy({
      body: {
        metadata: { name },
        spec: {
          failurePolicy: 'Fail',
          matchConstraints: {
            resourceRules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['secrets'] }],
          },
          validations: [
            { expression: "object.metadata.name != 'registry-secret'", message: 'registry secrets come from the platform vault' },
          ],
        },
      },
    });
    await admission.createValidatingAdmissionPolicyBinding({
      body: {
        metadata: { name },
        spec: { policyName: name, validationActions: ['Deny'], matchResources: { namespaceSelector: { matchLabels: { 'pbs-deny': ns } } } },
      },
    });
    try {
      await admin.createNamespace(ns, { 'pbs-deny': ns });
      // A policy takes a moment to reach the admission chain: wait until it bites.
      for (let i = 0; i < 100; i++) {
        const probe = await admin.createSecret(ns, { metadata: { name: SECRET_NAMES.registry } }).then(
          () => true,
          () => false,
        );
        if (!probe) break;
        await admin.deleteSecret(ns, SECRET_NAMES.registry);
        await new Promise((r) => setTimeout(r, 100));
      }
      const r = await runCli(installArgs(testbed.kubeconfig!, ns));
      expect(r.exitCode, cliOutput(r)).toBe(1);
      expectExplained(
        r,
        /The API server rejected the secret as invalid \(422\)\. The API server said: .*registry secrets come from the platform vault/,
      );
      expect(r.stderr).toMatch(/Next: Fix the value it names and retry\./);
    } finally {
      await admission.deleteValidatingAdmissionPolicyBinding({ name }).catch(() => undefined);
      await admission.deleteValidatingAdmissionPolicy({ name }).catch(() => undefined);
    }
  });

  const tui = hasTmux() ? it : it.skip;
  tui.each(['unreachable', 'unauthorized', 'slow'] as Fault[])(
    '%s in the install wizard: the same sentence and next step on screen, Enter exits 1',
    async (fault) => {
      term = TmuxTerminal.start([process.execPath, cli, '--kubeconfig', kubeconfigs[fault], '-n', installed, '--request-timeout', '2s'], {
        env: { HELM: testbed.helm4!, PATH: process.env['PATH'] ?? '' },
      });
      const screen = await term.waitFor(/Next: /, BOUND_MS);
      expect(screen.replace(/\s*\n\s*/g, ' ')).toMatch(SENTENCES[fault]);
      expect(screen).toMatch(/× /);
      term.press('Enter');
      expect(await term.waitForExit(BOUND_MS)).toBe(1);
      expectNoStack(term.output());
    },
  );

  tui('403 in the install wizard: each missing permission on its own line, nothing changed', async () => {
    term = TmuxTerminal.start([process.execPath, cli, '--kubeconfig', readOnly.kubeconfig, '-n', installed], {
      env: { HELM: testbed.helm4!, PATH: process.env['PATH'] ?? '' },
    });
    const screen = await term.waitFor(/Nothing was changed/, BOUND_MS);
    expect(screen).toMatch(/may not do everything the install needs/);
    expect(screen).toMatch(new RegExp(`× create secrets in namespace ${installed}`));
    term.press('Enter');
    expect(await term.waitForExit(BOUND_MS)).toBe(1);
  });
});
