/**
 * Every fix command the doctor prints, run for real as a user runs it: each scenario breaks an
 * install on the test bed, takes the `fix` of the failing row from `doctor --output json`, pastes it
 * into a shell in a real terminal (tmux; probuilder-setup's own commands ask y/N there), and runs
 * the doctor again: the row now passes.
 *
 * The shell sees what a user's does: `probuilder-setup`, `kubectl` and `helm` on PATH (the built
 * binary and the test bed's kubectl and helm 4), KUBECONFIG pointing at the test bed, helm's
 * repository "openfaas" being the served reference repository (../shared/reference/helm-repo), and
 * a working folder holding the files the commands name (./config.json, ./key, …).
 *
 * Not run here: `probuilder-setup install --namespace … --release …` (the fix for a missing or failed
 * release) starts the interactive wizard, which the wizard's own end-to-end tests drive.
 */
import { chmod, mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, it, type ExpectStatic } from 'vitest';
import { SECRET_NAMES } from '../../src/shared/secrets/index.js';
import { pinnedTo, type ChartVersion, type InstalledRelease } from '../fixtures/installedRelease.js';
import { scratchHelmEnv } from '../support/helmEnv.js';
import { REFERENCE_HELM_REPO_DIR } from '../support/referenceData.js';
import { serveFolder, type StaticServer } from '../support/staticServer.js';
import { cli } from './cliHarness.js';
import { doctorJsonChecks, type DoctorJsonCheck } from './doctorJson.js';
import { hasTmux, TmuxTerminal } from './terminal.js';
import { describeWithCharts, kubeClient, namespacesDeletedAfterAll, referenceChart, testbed, uniqueNamespace } from './testbed.js';
import { installOnTestbed, SMALL_BUILDKIT, type TestbedInstall } from './testbedInstall.js';

const describeFixes = hasTmux() || process.env['CI'] ? describeWithCharts : describe.skip;

const LICENSE = 'eyJhbGciOiJSUzI1NiJ9.fix-commands-license.c2ln';
const ACCOUNT = '123456789012';
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/pro-builder-ecr`;
/** An install, two or more doctor runs and the pasted command, side by side with the other scenarios on 2 cores. */
const SCENARIO_TIMEOUT_MS = 600_000;

describeFixes('every fix command the doctor prints works when pasted, and the check then passes', () => {
  const kube = kubeClient();
  const namespaces = namespacesDeletedAfterAll(() => kube);
  let server: StaticServer;
  let env: Record<string, string>;
  let helmEnv: Record<string, string>;

  beforeAll(async () => {
    server = await serveFolder(REFERENCE_HELM_REPO_DIR);
    helmEnv = await scratchHelmEnv();
    for (const args of [
      ['repo', 'add', 'openfaas', server.url],
      ['repo', 'update', 'openfaas'],
    ])
      await execa(testbed.helm4!, args, { env: helmEnv });
    // The commands a user has: probuilder-setup, kubectl, helm.
    const bin = await mkdtemp(join(tmpdir(), 'pbs-fix-bin-'));
    await writeFile(join(bin, 'probuilder-setup'), `#!/bin/sh\nexec '${process.execPath}' '${cli}' "$@"\n`);
    await chmod(join(bin, 'probuilder-setup'), 0o755);
    await symlink(testbed.kubectl!, join(bin, 'kubectl'));
    await symlink(testbed.helm4!, join(bin, 'helm'));
    // A home folder with a space: the pasted $HOME must stay one argument.
    const home = join(await mkdtemp(join(tmpdir(), 'pbs-fix-home-')), 'Jane Doe');
    await mkdir(home, { mode: 0o700 });
    await mkdir(join(home, '.openfaas'), { mode: 0o700 });
    await writeFile(join(home, '.openfaas', 'LICENSE'), LICENSE, { mode: 0o600 });
    env = {
      ...helmEnv,
      PATH: `${bin}:${process.env['PATH'] ?? '/usr/bin:/bin'}`,
      KUBECONFIG: testbed.kubeconfig!,
      HOME: home,
      HELM: testbed.helm4!,
      NO_COLOR: '1',
    };
  });
  afterAll(() => server?.close());

  async function install(
    prefix: string,
    o: { chart?: ChartVersion; registry?: TestbedInstall['registry'] } = {},
  ): Promise<InstalledRelease> {
    const namespace = uniqueNamespace(prefix);
    namespaces.push(namespace);
    return installOnTestbed({
      kube,
      helmBinary: testbed.helm3!,
      chart: o.chart ?? '0.4.19',
      namespace,
      ...SMALL_BUILDKIT,
      values: pinnedTo('kwok-big'),
      license: LICENSE,
      registry: o.registry,
    });
  }

  /**
   * Changes the release the way a user's own `helm upgrade --set` would, with the chart it was installed from.
   * --reset-then-reuse-values, not --reuse-values: with the latter helm 3 merges the old values into the
   * chart's defaults first, so `--set key=null` cannot remove a value the install set (fsGroup stayed).
   */
  async function helmSet(r: InstalledRelease, chart: ChartVersion, set: string[]) {
    await execa(
      testbed.helm3!,
      [
        'upgrade',
        'pro-builder',
        referenceChart(chart),
        '-n',
        r.namespace,
        '--kubeconfig',
        testbed.kubeconfig!,
        '--reset-then-reuse-values',
        ...set.flatMap((s) => ['--set', s]),
      ],
      {
        env: helmEnv,
      },
    );
  }

  const doctorRows = (namespace: string) =>
    doctorJsonChecks(['--kubeconfig', testbed.kubeconfig!, '-n', namespace], { env, timeoutMs: 180_000 });

  function row(rows: DoctorJsonCheck[], id: string): DoctorJsonCheck {
    const found = rows.find((x) => x.id === id);
    if (!found) throw new Error(`no row ${id}; have ${rows.map((x) => x.id).join(', ')}`);
    return found;
  }

  /**
   * Pastes the command into bash in a real terminal, in `cwd`, answering y to a y/N question
   * (probuilder-setup asks before it changes anything). Resolves with the exit status.
   */
  async function paste(command: string, cwd: string): Promise<{ status: number; output: string }> {
    const t = TmuxTerminal.start(['bash', '-c', command], { env, cwd, cols: 160, rows: 50 });
    try {
      let answered = false;
      const deadline = Date.now() + 240_000;
      while (t.exitStatus() === undefined) {
        if (!answered && /y\/N/.test(t.screen())) {
          t.type('y');
          answered = true;
        }
        if (Date.now() > deadline) throw new Error(`still running after 240 s: ${command}\n${t.screen()}`);
        await new Promise((r) => setTimeout(r, 200));
      }
      return { status: t.exitStatus()!, output: t.output() };
    } finally {
      t.close();
    }
  }

  /**
   * The whole loop: the row fails (or warns) with a fix; the fix, pasted, exits 0; the row passes.
   * `edit` is what a user fills in (the doctor's placeholders) before pressing Enter.
   */
  async function fixAndRecheck(
    expect: ExpectStatic,
    namespace: string,
    id: string,
    cwd: string,
    o: {
      expectFix?: RegExp;
      edit?: (fix: string) => string;
      /** the next problem the row names instead of passing */ expectAfter?: RegExp;
    } = {},
  ) {
    const before = row(await doctorRows(namespace), id);
    expect(before.status, before.summary).toMatch(/fail|warn/);
    expect(before.fix, `${id} offers no fix: ${before.summary}`).toBeTruthy();
    if (o.expectFix) expect(before.fix).toMatch(o.expectFix);
    const command = (o.edit ?? ((f) => f))(before.fix!);
    const run = await paste(command, cwd);
    expect(run.status, `${command}\n${run.output.slice(-3000)}`).toBe(0);
    const after = row(await doctorRows(namespace), id);
    if (o.expectAfter) expect(after.summary).toMatch(o.expectAfter);
    else expect(after.status, `${id} after \`${command}\`: ${after.summary}`).toBe('pass');
    return { before, after };
  }

  const workdir = () => mkdtemp(join(tmpdir(), 'pbs-fix-cwd-'));

  describe.concurrent('scenarios', () => {
    it(
      'cluster.namespace: kubectl create namespace',
      async ({ expect }) => {
        const ns = uniqueNamespace('fix-nons');
        namespaces.push(ns);
        await fixAndRecheck(expect, ns, 'cluster.namespace', await workdir(), { expectFix: /^kubectl create namespace / });
      },
      SCENARIO_TIMEOUT_MS,
    );

    it(
      'secrets.license: kubectl create secret … --from-file "license=$HOME/.openfaas/LICENSE", with a space in HOME',
      async ({ expect }) => {
        const r = await install('fix-lic');
        await kube.deleteSecret(r.namespace, SECRET_NAMES.license);
        await fixAndRecheck(expect, r.namespace, 'secrets.license', await workdir());
        const s = await kube.getSecret(r.namespace, SECRET_NAMES.license);
        expect(Buffer.from(s!.data!['license']!, 'base64').toString()).toBe(LICENSE);
      },
      SCENARIO_TIMEOUT_MS,
    );

    it(
      "secrets.registry: kubectl create secret … --from-file config.json=./config.json, in the install's output folder",
      async ({ expect }) => {
        const r = await install('fix-reg');
        await kube.deleteSecret(r.namespace, SECRET_NAMES.registry);
        await fixAndRecheck(expect, r.namespace, 'secrets.registry', r.outputDir, { expectFix: /config\.json=\.\/config\.json/ });
      },
      SCENARIO_TIMEOUT_MS,
    );

    it(
      'secrets.payload: probuilder-setup rotate signing-secret (answered y)',
      async ({ expect }) => {
        const r = await install('fix-pay');
        await kube.deleteSecret(r.namespace, SECRET_NAMES.payload);
        await fixAndRecheck(expect, r.namespace, 'secrets.payload', r.outputDir, {
          expectFix: /^probuilder-setup rotate signing-secret --namespace /,
        });
      },
      SCENARIO_TIMEOUT_MS,
    );

    it(
      'secrets.certificates (0.4.19): probuilder-setup rotate certs after the client certificate was replaced by one of another CA',
      async ({ expect }) => {
        const r = await install('fix-certs');
        const other = await install('fix-certs-other');
        const client = (await kube.getSecret(other.namespace, SECRET_NAMES.clientCerts))!;
        const mine = (await kube.getSecret(r.namespace, SECRET_NAMES.clientCerts))!;
        await kube.replaceSecret(r.namespace, { ...mine, data: client.data });
        await fixAndRecheck(expect, r.namespace, 'secrets.certificates', r.outputDir, {
          expectFix: /^probuilder-setup rotate certs --namespace /,
        });
      },
      SCENARIO_TIMEOUT_MS,
    );

    it(
      'secrets.aws-credentials (ECR): kubectl create secret … --from-file <name>=./ecr-credentials.txt',
      async ({ expect }) => {
        const ini =
          '[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n';
        const r = await install('fix-aws', { registry: { kind: 'ecr', accountId: ACCOUNT, region: 'eu-west-1', credentialsIni: ini } });
        await kube.deleteSecret(r.namespace, SECRET_NAMES.awsCredentials);
        const cwd = await workdir();
        await writeFile(join(cwd, 'ecr-credentials.txt'), ini, { mode: 0o600 });
        await fixAndRecheck(expect, r.namespace, 'secrets.aws-credentials', cwd, { expectFix: /=\.\/ecr-credentials\.txt/ });
      },
      SCENARIO_TIMEOUT_MS,
    );

    it(
      'secrets.build-secrets-key (0.6.10): kubectl create secret … --from-file key=./key',
      async ({ expect }) => {
        const r = await install('fix-bsk', { chart: '0.6.10' });
        await helmSet(r, '0.6.10', ['buildSecrets.privateKeySecret=pb-build-secrets-key']);
        const cwd = await workdir();
        await writeFile(join(cwd, 'key'), 'nacl-box-private-key-bytes', { mode: 0o600 });
        await fixAndRecheck(expect, r.namespace, 'secrets.build-secrets-key', cwd, { expectFix: /--from-file key=\.\/key/ });
      },
      SCENARIO_TIMEOUT_MS,
    );

    it(
      'helm.values (0.6.10): disableHmac true → helm upgrade --version 0.6.10 --reset-then-reuse-values --set disableHmac=false from the repository',
      async ({ expect }) => {
        const r = await install('fix-hmac', { chart: '0.6.10' });
        await helmSet(r, '0.6.10', ['disableHmac=true']);
        const { before } = await fixAndRecheck(expect, r.namespace, 'helm.values', await workdir(), {
          expectFix:
            /^helm upgrade pro-builder openfaas\/pro-builder .*--version 0\.6\.10 --reset-then-reuse-values --set disableHmac=false$/,
        });
        expect(before.summary).toContain('disableHmac is true');
        // Pinned: the release is still on the chart it had, with the rest of its values.
        const meta = await execa(
          testbed.helm4!,
          ['get', 'metadata', 'pro-builder', '-n', r.namespace, '--kubeconfig', testbed.kubeconfig!, '-o', 'json'],
          { env: helmEnv },
        );
        expect((JSON.parse(meta.stdout) as { version: string }).version).toBe('0.6.10');
        const d = await kube.getDeployment(r.namespace, 'pro-builder');
        expect(d!.spec!.template.spec!.nodeSelector).toEqual({ 'kubernetes.io/hostname': 'kwok-big' });
      },
      SCENARIO_TIMEOUT_MS,
    );

    it(
      'IRSA (0.4.19): service account deleted, then unannotated, then fsGroup removed — each fix pasted in turn',
      async ({ expect }) => {
        const r = await install('fix-irsa', { registry: { kind: 'ecr-irsa', accountId: ACCOUNT, region: 'eu-west-1', roleArn: ROLE_ARN } });
        const cwd = await workdir();
        await execa(testbed.kubectl!, ['delete', 'serviceaccount', 'pro-builder-ecr', '-n', r.namespace], {
          env: { KUBECONFIG: testbed.kubeconfig! },
        });
        // The re-created account has no role yet: the check moves on to the annotation, which is the next fix.
        await fixAndRecheck(expect, r.namespace, 'irsa.service-account', cwd, {
          expectFix: /^kubectl create serviceaccount /,
          expectAfter: /has no eks\.amazonaws\.com\/role-arn annotation/,
        });
        // The annotation's placeholders are the user's to fill in, as the hint says.
        await fixAndRecheck(expect, r.namespace, 'irsa.service-account', cwd, {
          expectFix:
            /^kubectl annotate serviceaccount .* 'eks\.amazonaws\.com\/role-arn=arn:aws:iam::<account-id>:role\/<role-name>' --overwrite$/,
          edit: (fix) => fix.replace('<account-id>', ACCOUNT).replace('<role-name>', 'pro-builder-ecr'),
        });
        await helmSet(r, '0.4.19', ['securityContext.fsGroup=null']);
        await fixAndRecheck(expect, r.namespace, 'irsa.fs-group', cwd, {
          expectFix:
            /^helm upgrade pro-builder openfaas\/pro-builder .*--version 0\.4\.19 --reset-then-reuse-values --set securityContext\.fsGroup=65534$/,
        });
      },
      SCENARIO_TIMEOUT_MS,
    );

    it(
      'workload.pod-security: kubectl label namespace … enforce=privileged',
      async ({ expect }) => {
        const r = await install('fix-psa');
        await execa(testbed.kubectl!, ['label', 'namespace', r.namespace, 'pod-security.kubernetes.io/enforce=baseline', '--overwrite'], {
          env: { KUBECONFIG: testbed.kubeconfig! },
        });
        await fixAndRecheck(expect, r.namespace, 'workload.pod-security', await workdir(), { expectFix: /^kubectl label namespace / });
      },
      SCENARIO_TIMEOUT_MS,
    );
  });
});
