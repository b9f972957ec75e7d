/**
 * `doctor --fix` on the real test bed: each scenario the doctor recognises is made the way users
 * make it (the real chart installed by the project's own install engine, then one thing broken),
 * fixed by the built binary with `--fix --yes`, and then the doctor itself (a separate run of the
 * binary) finds no failure. The helm upgrade a values fix needs resolves openfaas/pro-builder from
 * the reference helm repository served on 127.0.0.1, in a scratch helm home.
 */
import { access, readFile, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { auditCertificateSecrets } from '../../src/shared/certs/index.js';
import { makeTestCa, makeTestLeaf } from '../../src/shared/certs/testSupport.js';
import { decodeSecretData, SECRET_KEYS, SECRET_NAMES } from '../../src/shared/secrets/index.js';
import { scratchHelmEnv } from '../support/helmEnv.js';
import { REFERENCE_HELM_REPO_DIR } from '../support/referenceData.js';
import { serveFolder, type StaticServer } from '../support/staticServer.js';
import { CLEAN_LOGS, pinnedTo, serveLogs, type InstalledRelease, type InstallRequest } from '../fixtures/installedRelease.js';
import { cli, cliEnv, killGroup, runCli, startCli, type CliRun } from './cliHarness.js';
import { hasTmux, TmuxTerminal } from './terminal.js';
import { eventually } from './eventually.js';
import { describeWithCharts, kubeClient, namespacesDeletedAfterAll, referenceChart, testbed, uniqueNamespace } from './testbed.js';
import { installOnTestbed } from './testbedInstall.js';

const all = (r: CliRun) => `${r.stdout}\n${r.stderr}`;
const ROLE = 'arn:aws:iam::210987654321:role/pro-builder-ecr';

describeWithCharts('doctor --fix on the real test bed: broken, fixed, then the doctor passes', () => {
  const kube = kubeClient();
  const namespaces = namespacesDeletedAfterAll(() => kube);
  const cleanups: (() => Promise<void>)[] = [];
  let server: StaticServer;
  let helmEnv: Record<string, string>;

  beforeAll(async () => {
    server = await serveFolder(REFERENCE_HELM_REPO_DIR);
    helmEnv = await scratchHelmEnv();
  });
  afterAll(async () => {
    await Promise.all(cleanups.map((c) => c()));
    await server?.close();
  });

  async function install(prefix: string, over: Partial<InstallRequest> = {}): Promise<InstalledRelease> {
    const namespace = uniqueNamespace(prefix);
    namespaces.push(namespace);
    const r = await installOnTestbed({
      kube,
      helmBinary: testbed.helm3!,
      chart: '0.4.19',
      namespace,
      // Small, so every scenario and its rolling restart fit on kwok-big at once.
      buildkitCpu: '200m',
      buildkitMemory: '256Mi',
      values: pinnedTo('kwok-big'),
      ...over,
    });
    cleanups.push(await serveLogs(testbed.kubeconfig!, namespace, CLEAN_LOGS));
    helmHomes.set(namespace, await scratchHelmEnv());
    return r;
  }

  const valuesFile = (r: InstalledRelease) => join(dirname(r.outputDir), 'custom-values.yaml');
  const target = (r: InstalledRelease) => ['--kubeconfig', testbed.kubeconfig!, '-n', r.namespace];
  const fixArgs = (r: InstalledRelease, extra: string[] = []) => [
    'doctor',
    ...target(r),
    '--fix',
    '--yes',
    '-o',
    r.outputDir,
    '-f',
    valuesFile(r),
    '--chart-repo',
    server.url,
    ...extra,
  ];
  /** Per scenario: its own scratch helm home (tests add the repository at once), and the helm that installed it. */
  const helmHomes = new Map<string, Record<string, string>>();
  const fixEnv = (r: InstalledRelease) => ({ ...helmHomes.get(r.namespace)!, HELM: testbed.helm3! });
  const fix = (r: InstalledRelease, extra: string[] = []) => runCli(fixArgs(r, extra), { env: fixEnv(r), timeoutMs: 240_000 });
  /** The doctor on its own afterwards, as JSON: what fails (nothing, once fixed). */
  async function failingAfter(r: InstalledRelease): Promise<string[]> {
    const d = await runCli(['doctor', ...target(r), '--output', 'json'], { timeoutMs: 120_000 });
    const report = JSON.parse(d.stdout) as { checks: { id: string; status: string; summary: string }[]; summary: { exitCode: number } };
    const failing = report.checks.filter((c) => c.status === 'fail').map((c) => `${c.id}: ${c.summary}`);
    if (!failing.length && d.exitCode === 3) throw new Error('exit 3 without a failing check');
    return failing;
  }

  async function helmSet(r: InstalledRelease, set: string) {
    await execa(
      testbed.helm3!,
      [
        'upgrade',
        'pro-builder',
        referenceChart('0.4.19'),
        '-n',
        r.namespace,
        '--kubeconfig',
        testbed.kubeconfig!,
        '--reuse-values',
        '--set',
        set,
      ],
      { env: helmEnv },
    );
  }

  async function twoCaCertificates(namespace: string, madeByHand = false) {
    const [caA, caB] = await Promise.all([makeTestCa({ commonName: 'CA A' }), makeTestCa({ commonName: 'CA B' })]);
    const [server2, client] = await Promise.all([
      makeTestLeaf(caA, { role: 'server', ipSans: ['127.0.0.1'] }),
      makeTestLeaf(caB, { role: 'client' }),
    ]);
    const data = {
      [SECRET_NAMES.daemonCerts]: { 'ca.crt': caA.certPem, 'server.crt': server2.certPem, 'server.key': server2.keyPem },
      [SECRET_NAMES.clientCerts]: { 'ca.crt': caB.certPem, 'client.crt': client.certPem, 'client.key': client.keyPem },
    };
    for (const [name, stringData] of Object.entries(data)) {
      const s = (await kube.getSecret(namespace, name))!;
      const metadata = madeByHand ? { ...s.metadata, labels: {} } : s.metadata;
      await kube.replaceSecret(namespace, { ...s, metadata, data: undefined, stringData });
    }
  }

  async function auditInCluster(namespace: string) {
    const [daemon, client] = await Promise.all([
      kube.getSecret(namespace, SECRET_NAMES.daemonCerts),
      kube.getSecret(namespace, SECRET_NAMES.clientCerts),
    ]);
    return auditCertificateSecrets({ daemon: daemon && decodeSecretData(daemon), client: client && decodeSecretData(client) }, new Date());
  }

  describe.concurrent('scenarios', () => {
    it('a missing payload-secret and payload.txt: both made, the pods restarted, the doctor passes; JSON lists it as fixed', async ({
      expect,
    }) => {
      const r = await install('fix-payload');
      await kube.deleteSecret(r.namespace, SECRET_NAMES.payload);
      await rm(join(r.outputDir, 'payload.txt'));
      const restartedBefore = (await kube.getDeployment(r.namespace, 'pro-builder'))!.spec!.template.metadata?.annotations?.[
        'kubectl.kubernetes.io/restartedAt'
      ];

      const f = await fix(r, ['--output', 'json']);
      expect(f.exitCode, all(f)).toBe(0);
      const report = JSON.parse(f.stdout) as {
        fixed: { remedy: string }[];
        declined: unknown[];
        unfixable: unknown[];
        before: { exitCode: number };
        summary: { exitCode: number };
        transitions: { checkId: string; before: string; after: string }[];
      };
      expect(report.fixed.map((x) => x.remedy)).toEqual(['payload-secret']);
      expect(report.declined).toEqual([]);
      expect(report.before.exitCode).toBe(3);
      expect(report.summary.exitCode).toBe(0);
      expect(report.transitions).toContainEqual({ checkId: 'secrets.payload', before: 'fail', after: 'pass' });

      const made = decodeSecretData((await kube.getSecret(r.namespace, SECRET_NAMES.payload))!)[SECRET_KEYS.payload]!.toString();
      expect(await readFile(join(r.outputDir, 'payload.txt'), 'utf8')).toBe(made);
      expect(f.stdout + f.stderr).not.toContain(made);
      expect((await stat(join(r.outputDir, 'payload.txt'))).mode & 0o777).toBe(0o600);
      const restartedAfter = (await kube.getDeployment(r.namespace, 'pro-builder'))!.spec!.template.metadata?.annotations?.[
        'kubectl.kubernetes.io/restartedAt'
      ];
      expect(restartedAfter).toBeDefined();
      expect(restartedAfter).not.toBe(restartedBefore);
      expect(await failingAfter(r)).toEqual([]);
    });

    it('disableHmac: true → the values file says false, a helm upgrade pinned to 0.4.19, the doctor passes', async ({ expect }) => {
      const r = await install('fix-hmac');
      await helmSet(r, 'disableHmac=true');
      const f = await fix(r);
      expect(f.exitCode, all(f)).toBe(0);
      expect(f.stdout).toContain('~ Values ' + valuesFile(r) + ': set — disableHmac: true → false');
      expect(f.stdout).toMatch(
        /✓ helm upgrade pro-builder openfaas\/pro-builder --install .*--version 0\.4\.19 .*--reset-then-reuse-values/,
      );
      expect(f.stdout).toMatch(/helm\.values\s+fail → pass/);
      expect(await readFile(valuesFile(r), 'utf8')).toMatch(/^disableHmac: false$/m);
      const values = await execa(
        testbed.helm3!,
        ['get', 'values', 'pro-builder', '-n', r.namespace, '--kubeconfig', testbed.kubeconfig!, '-o', 'json'],
        { env: helmEnv },
      );
      expect(JSON.parse(values.stdout)).toMatchObject({ disableHmac: false, nodeSelector: { 'kubernetes.io/hostname': 'kwok-big' } });
      expect(await failingAfter(r)).toEqual([]);
    });

    it('certificates from two CAs: re-issued (the old ones saved to backups/), the audit passes, the doctor passes', async ({ expect }) => {
      const r = await install('fix-certs');
      await twoCaCertificates(r.namespace);
      const f = await fix(r);
      expect(f.exitCode, all(f)).toBe(0);
      expect(f.stdout).toMatch(/secrets\.certificates\s+fail → pass/);
      expect(await auditInCluster(r.namespace)).toEqual([]);
      const backups = await readFile(join(r.outputDir, 'backups'), 'utf8').catch((e: NodeJS.ErrnoException) => e.code);
      expect(backups).toBe('EISDIR');
      expect(f.stdout).not.toMatch(/PRIVATE KEY/);
      expect(await failingAfter(r)).toEqual([]);
    });

    it("a missing registry-secret: made again from the install's config.json", async ({ expect }) => {
      const r = await install('fix-registry');
      const original = (await kube.getSecret(r.namespace, SECRET_NAMES.registry))!;
      await kube.deleteSecret(r.namespace, SECRET_NAMES.registry);
      const f = await fix(r);
      expect(f.exitCode, all(f)).toBe(0);
      const now = (await kube.getSecret(r.namespace, SECRET_NAMES.registry))!;
      expect(decodeSecretData(now)['config.json']!.equals(decodeSecretData(original)['config.json']!)).toBe(true);
      expect(await failingAfter(r)).toEqual([]);
    });

    it('an IRSA service account without its role annotation: unfixable without --aws-role-arn, annotated with it', async ({ expect }) => {
      const r = await install('fix-irsa', {
        registry: { kind: 'ecr-irsa', accountId: '210987654321', region: 'us-east-2', roleArn: ROLE },
      });
      const sa = (await kube.getServiceAccount(r.namespace, 'pro-builder-ecr'))!;
      const { ['eks.amazonaws.com/role-arn']: _removed, ...annotations } = sa.metadata!.annotations ?? {};
      await kube.replaceServiceAccount(r.namespace, { ...sa, metadata: { ...sa.metadata, annotations } });

      const without = await fix(r);
      expect(without.exitCode, all(without)).toBe(3);
      expect(without.stdout).toMatch(/- \[irsa\.service-account\] .*\n\s+why: The IAM role is not known: pass --aws-role-arn/);
      expect(without.stdout).toMatch(/fix: kubectl annotate serviceaccount pro-builder-ecr/);

      const f = await fix(r, ['--aws-role-arn', ROLE]);
      // Outside EKS the token issuer and the injected env stay warnings; nothing fails.
      expect(f.exitCode, all(f)).toBe(4);
      expect((await kube.getServiceAccount(r.namespace, 'pro-builder-ecr'))!.metadata!.annotations!['eks.amazonaws.com/role-arn']).toBe(
        ROLE,
      );
      expect(f.stdout).toMatch(/irsa\.service-account\s+fail → pass/);
      expect(await failingAfter(r)).toEqual([]);
    });

    it('a node too small for BuildKit: the new figure shown, lowered only with consent (--yes), the pod scheduled', async ({ expect }) => {
      const r = await install('fix-small', {
        buildkitCpu: undefined,
        buildkitMemory: undefined,
        values: pinnedTo('kwok-small'),
        waitForRollout: false,
      });
      await eventually(
        async () => {
          const [p] = await kube.listPods(r.namespace, { labelSelector: 'app=pro-builder' });
          if (!p?.status?.conditions?.some((c) => c.type === 'PodScheduled' && c.status === 'False'))
            throw new Error('the pod is not marked unschedulable yet');
        },
        { timeoutMs: 30_000 },
      );
      const dry = await runCli([...fixArgs(r), '--dry-run'], { env: fixEnv(r), timeoutMs: 120_000 });
      expect(dry.exitCode, all(dry)).toBe(3);
      expect(dry.stdout).toMatch(/! asks separately: lowers BuildKit's requests \(CPU 2000m → \d+m, memory 2Gi → \d+Mi\)/);
      expect(dry.stdout).toContain('Dry run: nothing was changed.');

      const f = await fix(r);
      expect(f.exitCode, all(f)).toBe(0);
      const cpu = /CPU 2000m → (\d+m)/.exec(f.stdout)![1]!;
      const d = (await kube.getDeployment(r.namespace, 'pro-builder'))!;
      expect(d.spec!.template.spec!.containers.find((c) => c.name === 'buildkit')!.resources!.requests!['cpu']).toBe(cpu);
      expect(await readFile(valuesFile(r), 'utf8')).toContain(`cpu: ${cpu}`);
      expect(await failingAfter(r)).toEqual([]);
    });

    it('without a terminal and without --yes: the plan, a sentence, exit 2, nothing changed', async ({ expect }) => {
      const r = await install('fix-notty');
      await kube.deleteSecret(r.namespace, SECRET_NAMES.payload);
      const f = await runCli(
        fixArgs(r).filter((a) => a !== '--yes'),
        { env: fixEnv(r), timeoutMs: 120_000 },
      );
      expect(f.exitCode, all(f)).toBe(2);
      expect(f.stdout).toContain(`Create the missing ${SECRET_NAMES.payload}`);
      expect(f.stderr).toMatch(
        /nothing was changed: doctor --fix asks before it changes anything, and there is no terminal to ask in\. .*pass --yes/,
      );
      expect(await kube.getSecret(r.namespace, SECRET_NAMES.payload)).toBeUndefined();
    });

    (hasTmux() ? it : it.skip)(
      'in a real terminal: one yes for the plain fixes, then a question of its own for a secret made by hand (declined: kept, exit 3)',
      async ({ expect }) => {
        const r = await install('fix-tty');
        await kube.deleteSecret(r.namespace, SECRET_NAMES.payload);
        await twoCaCertificates(r.namespace, true);
        const before = (await kube.getSecret(r.namespace, SECRET_NAMES.daemonCerts))!.metadata!.resourceVersion;
        const args = fixArgs(r).filter((a) => a !== '--yes');
        const term = TmuxTerminal.start([process.execPath, cli, ...args], { env: { ...cliEnv(fixEnv(r)), NO_COLOR: '1' }, cols: 200 });
        try {
          await term.waitFor(/Apply this fix \(the others are asked one by one\)\? \[y\/N\]/, 120_000);
          term.type('y');
          term.press('Enter');
          await term.waitFor(
            /this replaces buildkit-daemon-certs and buildkit-client-certs, which probuilder-setup did not make\. Apply it\? \[y\/N\]/,
          );
          term.press('Enter');
          expect(await term.waitForExit(180_000)).toBe(3);
          expect(term.output()).toMatch(/secrets\.payload\s+fail → pass/);
        } finally {
          term.close();
        }
        expect(await kube.getSecret(r.namespace, SECRET_NAMES.payload)).toBeDefined();
        expect((await kube.getSecret(r.namespace, SECRET_NAMES.daemonCerts))!.metadata!.resourceVersion).toBe(before);
      },
    );

    it('kill -9 in the middle of a fix, then run again: it converges (payload.txt and payload-secret agree, the certificates pass)', async ({
      expect,
    }) => {
      const r = await install('fix-kill');
      await kube.deleteSecret(r.namespace, SECRET_NAMES.payload);
      await rm(join(r.outputDir, 'payload.txt'));
      await twoCaCertificates(r.namespace);
      const child = startCli(fixArgs(r), { env: fixEnv(r), timeoutMs: 240_000 });
      // Killed once the first thing the fix writes is there.
      await eventually(() => access(join(r.outputDir, 'payload.txt')), { timeoutMs: 120_000, intervalMs: 20 }).catch(async (e: Error) => {
        killGroup(child);
        const x = await child;
        throw new Error(`${e.message}\n${String(x.stdout)}${String(x.stderr)}`);
      });
      killGroup(child);
      expect((await child).signal).toBe('SIGKILL');

      const again = await fix(r);
      expect(again.exitCode, all(again)).toBe(0);
      const made = decodeSecretData((await kube.getSecret(r.namespace, SECRET_NAMES.payload))!)[SECRET_KEYS.payload]!.toString();
      expect(await readFile(join(r.outputDir, 'payload.txt'), 'utf8')).toBe(made);
      expect(await auditInCluster(r.namespace)).toEqual([]);
      expect(await failingAfter(r)).toEqual([]);
      // And once more: nothing left to fix.
      const third = await fix(r);
      expect(third.exitCode, all(third)).toBe(0);
      expect(third.stdout).toContain('Nothing to fix: no check failed or warned.');
    });
  });
});
