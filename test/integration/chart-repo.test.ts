import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { compareChartVersions } from '../../src/shared/chart/version.js';
import { SECRET_NAMES } from '../../src/shared/secrets/index.js';
import { scratchHelmEnv } from '../support/helmEnv.js';
import { REFERENCE_HELM_REPO_DIR } from '../support/referenceData.js';
import { serveFolder, type StaticServer } from '../support/staticServer.js';
import { expectNoStack, runCli, tempDir, type CliRun } from './cliHarness.js';
import { describeWithCharts, kubeClient, namespacesDeletedAfterAll, testbed, uniqueNamespace } from './testbed.js';

const all = (r: CliRun) => `${r.stdout}\n${r.stderr}`;

for (const major of [3, 4] as const) {
  describeWithCharts(`install from a served chart repository with helm ${major}`, () => {
    const helmBin = () => (major === 3 ? testbed.helm3! : testbed.helm4!);
    const namespaces = namespacesDeletedAfterAll(() => kubeClient());
    let server: StaticServer;
    let helmEnv: Record<string, string>;
    let dir: string;

    beforeAll(async () => {
      server = await serveFolder(REFERENCE_HELM_REPO_DIR);
      helmEnv = await scratchHelmEnv();
      dir = await tempDir('pbs-chart-repo-');
      await writeFile(join(dir, 'LICENSE'), 'chart-repo-license');
    });
    afterAll(() => server?.close());

    const env = () => ({ ...helmEnv, HELM: helmBin() });
    const install = (ns: string, extra: string[]) => [
      '--yes',
      '--kubeconfig',
      testbed.kubeconfig!,
      '-n',
      ns,
      '--license-file',
      join(dir, 'LICENSE'),
      '--registry',
      'ttlsh',
      '--chart-repo',
      server.url,
      '-o',
      join(dir, ns),
      '-f',
      join(dir, ns, 'values.yaml'),
      '--buildkit-cpu',
      '100m',
      '--timeout',
      '90s',
      ...extra,
    ];
    const installedVersion = async (ns: string) => {
      const r = await execa(helmBin(), ['get', 'metadata', 'pro-builder', '-n', ns, '--kubeconfig', testbed.kubeconfig!, '-o', 'json'], {
        env: helmEnv,
      });
      return (JSON.parse(r.stdout) as { version: string }).version;
    };

    it('installs the --chart-version asked for, then upgrades 0.4.19 → 0.6.10 with the review saying what changes', async () => {
      const ns = uniqueNamespace(`repo-h${major}`);
      namespaces.push(ns);
      const first = await runCli(install(ns, ['--chart-version', '0.4.19']), { env: env(), timeoutMs: 180_000 });
      expect(first.exitCode, all(first)).toBe(0);
      expect(await installedVersion(ns)).toBe('0.4.19');
      expect(server.requests).toContain('/index.yaml');
      expect(server.requests).toContain('/pro-builder-0.4.19.tgz');
      const kube = kubeClient();
      expect(await kube.getSecret(ns, SECRET_NAMES.daemonCerts)).toBeDefined();

      const review = await runCli([...install(ns, []), '--dry-run'], { env: env(), timeoutMs: 120_000 });
      expect(review.exitCode, all(review)).toBe(0);
      expect(review.stdout).toContain('Upgrade: chart 0.4.19 → 0.6.10');
      expect(review.stdout).toContain('buildkit-daemon-certs and buildkit-client-certs are no longer mounted');
      expect(review.stdout).toMatch(/helm upgrade pro-builder openfaas\/pro-builder --install .*--version 0\.6\.10/);

      const upgrade = await runCli(install(ns, []), { env: env(), timeoutMs: 180_000 });
      expect(upgrade.exitCode, all(upgrade)).toBe(0);
      expectNoStack(all(upgrade));
      expect(await installedVersion(ns)).toBe('0.6.10');
      const pod = (await kube.getDeployment(ns, 'pro-builder'))!.spec!.template;
      expect(pod.spec!.volumes!.map((v) => v.secret?.secretName)).not.toContain(SECRET_NAMES.daemonCerts);
      const env0 = pod.spec!.containers.find((c) => c.name === 'pro-builder')!.env!;
      expect(env0.find((e) => e.name === 'buildkit_url')?.value).toMatch(/^unix:\/\//);
      // The mTLS chart's rootless image key is gone; the securityContext left is the rootless one with the AppArmor
      // profile (the test bed runs Kubernetes 1.37), and it reaches the BuildKit container.
      const values = parse(await readFile(join(dir, ns, 'values.yaml'), 'utf8')) as {
        buildkit?: { image?: string; securityContext?: unknown };
      };
      expect(values.buildkit?.image).toBeUndefined();
      expect(values.buildkit?.securityContext).toEqual({
        seccompProfile: { type: 'Unconfined' },
        runAsUser: 1000,
        runAsGroup: 1000,
        privileged: false,
        appArmorProfile: { type: 'Unconfined' },
      });
      expect(pod.spec!.containers.find((c) => c.name === 'buildkit')!.securityContext?.appArmorProfile).toEqual({ type: 'Unconfined' });
      expect(review.stdout).toContain('The rootless BuildKit image moves from buildkit.image to buildkitRootless.image');
      // helm says the upgrade is deployed, on the chart reviewed.
      const status = await execa(helmBin(), ['status', 'pro-builder', '-n', ns, '--kubeconfig', testbed.kubeconfig!, '-o', 'json'], {
        env: helmEnv,
      });
      expect((JSON.parse(status.stdout) as { info: { status: string } }).info.status).toBe('deployed');
    });

    it('with a stale local cache, refreshes before resolving: the chart reviewed is the chart installed', async () => {
      const ns = uniqueNamespace(`stale-h${major}`);
      namespaces.push(ns);
      // The user's cache knows only the mTLS generation (an index from before 0.6.0).
      const index = parse(await readFile(join(REFERENCE_HELM_REPO_DIR, 'index.yaml'), 'utf8')) as {
        entries: Record<string, { version: string }[]>;
      };
      const old = {
        ...index,
        entries: { 'pro-builder': index.entries['pro-builder']!.filter((e) => compareChartVersions(e.version, '0.6.0') < 0) },
      };
      server.setIndex(stringify(old));
      for (const args of [
        ['repo', 'add', 'openfaas', server.url, '--force-update'],
        ['repo', 'update', 'openfaas'],
      ])
        await execa(helmBin(), args, { env: helmEnv });
      const cached = await execa(helmBin(), ['show', 'chart', 'openfaas/pro-builder'], { env: helmEnv });
      expect(cached.stdout).toContain('version: 0.5.1');
      // The repository has moved on since.
      server.setIndex(undefined);

      const r = await runCli(install(ns, []), { env: env(), timeoutMs: 180_000 });
      expect(r.exitCode, all(r)).toBe(0);
      expect(r.stdout).toContain('Chart: openfaas/pro-builder (version 0.6.10, helm repository)');
      expect(r.stdout).toMatch(/--version 0\.6\.10/);
      expect(await installedVersion(ns)).toBe('0.6.10');
      // No certificates were made for a socket chart.
      expect(await kubeClient().getSecret(ns, SECRET_NAMES.daemonCerts)).toBeUndefined();
    });

    it('refuses a chart too old for the registry path with exit 2, before the cluster changes', async () => {
      const ns = uniqueNamespace(`old-h${major}`);
      const r = await runCli(
        [
          '--yes',
          '--kubeconfig',
          testbed.kubeconfig!,
          '-n',
          ns,
          '--license-file',
          join(dir, 'LICENSE'),
          '--registry',
          'ecr-irsa',
          '--aws-account-id',
          '123456789012',
          '--aws-region',
          'eu-west-1',
          '--aws-role-arn',
          'arn:aws:iam::123456789012:role/pb',
          '--chart-repo',
          server.url,
          '--chart-version',
          '0.4.18',
          '-o',
          join(dir, ns),
          '-f',
          join(dir, ns, 'values.yaml'),
        ],
        { env: env(), timeoutMs: 120_000 },
      );
      expect(r.exitCode, all(r)).toBe(2);
      expect(r.stderr).toContain(
        'pro-builder chart 0.4.18 does not render serviceAccount (the IRSA service account), which ECR with IRSA needs; chart 0.4.19 adds it.',
      );
      expect(await kubeClient().getNamespace(ns)).toBeUndefined();
    });
  });
}
