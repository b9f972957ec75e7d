import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { execa } from 'execa';
import { beforeAll, expect, it } from 'vitest';
import { HelmCli, metadataArgs } from '../../src/platform/helm/helm.js';
import type { KubeClient } from '../../src/platform/kube/client.js';
import { MANAGED_BY_LABEL } from '../../src/platform/kube/labels.js';
import { decodeSecretData, SECRET_NAMES } from '../../src/shared/secrets/index.js';
import { applyUninstallPlan } from '../../src/features/uninstall/apply.js';
import { buildUninstallPlan, itemsToRemove, type UninstallPlan } from '../../src/features/uninstall/plan.js';
import { readUninstallSnapshot } from '../../src/features/uninstall/snapshot.js';
import { describeWithCharts, kubeClient, namespacesDeletedAfterAll, testbed, uniqueNamespace } from './testbed.js';
import { installOnTestbed, SMALL_BUILDKIT } from './testbedInstall.js';
import { eventually } from './eventually.js';
import { hasTmux, TmuxTerminal } from './terminal.js';

const cli = resolve(import.meta.dirname, '../../dist/cli.js');
const LICENSE = 'eyJhbGciOi.uninstall-license-body.sig';

describeWithCharts('uninstall on the real test bed', () => {
  let kube: KubeClient;
  const namespaces = namespacesDeletedAfterAll(() => kube);
  beforeAll(() => {
    kube = kubeClient();
  });

  /** A real install with the install engine and a local reference chart. */
  async function install(chartVersion: '0.4.19' | '0.6.10', helmBin: string) {
    const ns = uniqueNamespace('unin');
    namespaces.push(ns);
    const installed = await installOnTestbed({
      kube,
      helmBinary: helmBin,
      chart: chartVersion,
      namespace: ns,
      ...SMALL_BUILDKIT,
      license: LICENSE,
    });
    const { outputDir, helm } = installed;
    const payload = decodeSecretData((await kube.getSecret(ns, SECRET_NAMES.payload))!)['payload-secret']!.toString();
    return { ns, dir: dirname(outputDir), outputDir, helm, payload };
  }

  async function plan(ns: string, outputDir: string, helm: HelmCli): Promise<UninstallPlan> {
    const snapshot = await readUninstallSnapshot(kube, helm, { namespace: ns, release: 'pro-builder', outputDir });
    return buildUninstallPlan(snapshot);
  }

  it('install → uninstall: release and own secrets gone, license, namespace and a hand-made secret kept; a re-run is a no-op', async () => {
    const { ns, outputDir, helm } = await install('0.4.19', testbed.helm3!);
    // A secret under a name the tool knows, but made by hand (no managed-by label).
    await kube.createSecret(ns, { metadata: { name: SECRET_NAMES.awsCredentials }, stringData: { 'aws-ecr-credentials': '[default]\n' } });

    const first = await plan(ns, outputDir, helm);
    const action = (id: string) => first.items.find((i) => i.id === id);
    expect(action('release/pro-builder')).toMatchObject({ action: 'remove', detail: expect.stringMatching(/chart pro-builder 0\.4\.19/) });
    expect(action(`secret/${SECRET_NAMES.awsCredentials}`)).toMatchObject({
      action: 'keep',
      reason: 'made by hand, not by probuilder-setup',
    });
    expect(action(`secret/${SECRET_NAMES.license}`)).toMatchObject({ action: 'keep' });
    expect(action(`namespace/${ns}`)).toMatchObject({ action: 'keep' });
    expect(itemsToRemove(first).map((i) => i.id)).toEqual([
      'release/pro-builder',
      `secret/${SECRET_NAMES.registry}`,
      `secret/${SECRET_NAMES.payload}`,
      `secret/${SECRET_NAMES.daemonCerts}`,
      `secret/${SECRET_NAMES.clientCerts}`,
    ]);

    const result = await applyUninstallPlan(first, { kube, helm });
    expect(result.steps.filter((s) => s.status === 'failed')).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.outcomes.find((o) => o.id === `secret/${SECRET_NAMES.awsCredentials}`)).toMatchObject({
      outcome: 'kept',
      detail: 'made by hand, not by probuilder-setup',
    });

    const metadata = await helm.run(metadataArgs('pro-builder', { namespace: ns, kubeconfig: testbed.kubeconfig! }));
    expect(metadata.exitCode).not.toBe(0);
    expect(metadata.stderr).toMatch(/not found/);
    for (const name of [SECRET_NAMES.registry, SECRET_NAMES.payload, SECRET_NAMES.daemonCerts, SECRET_NAMES.clientCerts]) {
      expect(await kube.getSecret(ns, name)).toBeUndefined();
    }
    expect(decodeSecretData((await kube.getSecret(ns, SECRET_NAMES.license))!)['license']!.toString()).toBe(LICENSE);
    expect(await kube.getSecret(ns, SECRET_NAMES.awsCredentials)).toBeDefined();
    expect(await kube.getNamespace(ns)).toBeDefined();
    await eventually(async () => expect(await kube.getDeployment(ns, 'pro-builder')).toBeUndefined(), { timeoutMs: 30_000 });
    // Local files are kept unless chosen.
    expect(existsSync(join(outputDir, 'payload.txt'))).toBe(true);

    const second = await plan(ns, outputDir, helm);
    expect(itemsToRemove(second)).toEqual([]);
    expect(
      second.items
        .filter((i) => !i.id.startsWith('file/') && i.action !== 'absent')
        .map((i) => i.id)
        .sort(),
    ).toEqual([`namespace/${ns}`, `secret/${SECRET_NAMES.awsCredentials}`, `secret/${SECRET_NAMES.license}`].sort());
    const again = await applyUninstallPlan(second, { kube, helm });
    expect(again.ok).toBe(true);
    expect(again.outcomes.filter((o) => o.outcome === 'removed' || o.outcome === 'failed')).toEqual([]);
  });

  it('the built binary uninstalls with --yes (exit 0), prints no secret, and a re-run exits 0 too', async () => {
    expect(existsSync(cli), 'run npm run build first').toBe(true);
    const { ns, outputDir, payload } = await install('0.6.10', testbed.helm4!);
    const args = [cli, 'uninstall', '--kubeconfig', testbed.kubeconfig!, '-n', ns, '-o', outputDir, '--no-color'];
    const env = { HELM: testbed.helm4!, NO_COLOR: '1' };

    const refused = await execa(process.execPath, args, { stdin: 'ignore', reject: false, env });
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toMatch(/pass --yes/);
    expect(await kube.getSecret(ns, SECRET_NAMES.payload)).toBeDefined();

    const run = await execa(process.execPath, [...args, '--yes'], { stdin: 'ignore', reject: false, env });
    const output = `${run.stdout}\n${run.stderr}`;
    expect(run.exitCode, output).toBe(0);
    expect(run.stdout).toMatch(/✓ Uninstall helm release/);
    expect(run.stdout).toMatch(/Kept secret\/openfaas-license/);
    for (const secret of [payload, LICENSE]) {
      expect(output).not.toContain(secret);
      expect(output).not.toContain(Buffer.from(secret).toString('base64'));
    }
    expect(await kube.getSecret(ns, SECRET_NAMES.payload)).toBeUndefined();
    expect(await kube.getSecret(ns, SECRET_NAMES.registry)).toBeUndefined();
    const license = await kube.getSecret(ns, SECRET_NAMES.license);
    expect(license?.metadata?.labels?.[MANAGED_BY_LABEL]).toBe('probuilder-setup');

    const rerun = await execa(process.execPath, [...args, '--yes'], { stdin: 'ignore', reject: false, env });
    expect(rerun.exitCode, `${rerun.stdout}\n${rerun.stderr}`).toBe(0);
    expect(rerun.stdout).toMatch(/Nothing to remove/);
  });

  it('the built binary removes a hand-made secret and local files only when told to', async () => {
    expect(existsSync(cli), 'run npm run build first').toBe(true);
    const { ns, outputDir } = await install('0.6.10', testbed.helm3!);
    await kube.createSecret(ns, { metadata: { name: SECRET_NAMES.awsCredentials }, stringData: { 'aws-ecr-credentials': '[default]\n' } });
    await writeFile(join(outputDir, 'unrelated.txt'), 'mine');
    const run = await execa(
      process.execPath,
      [
        cli,
        'uninstall',
        '--yes',
        '--kubeconfig',
        testbed.kubeconfig!,
        '-n',
        ns,
        '-o',
        outputDir,
        '--include',
        `secret/${SECRET_NAMES.awsCredentials}`,
        '--remove-files',
        '--keep',
        'file/config.json',
      ],
      { stdin: 'ignore', reject: false, env: { HELM: testbed.helm3! } },
    );
    expect(run.exitCode, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(await kube.getSecret(ns, SECRET_NAMES.awsCredentials)).toBeUndefined();
    expect(existsSync(join(outputDir, 'payload.txt'))).toBe(false);
    expect(existsSync(join(outputDir, 'config.json'))).toBe(true);
    expect(existsSync(join(outputDir, 'unrelated.txt'))).toBe(true);
  });

  const itTty = hasTmux() ? it : it.skip;
  itTty(
    'the built binary in a real terminal: checklist, Esc back from the confirmation, y removes (exit 0); Ctrl+C quits with 130',
    async () => {
      expect(existsSync(cli), 'run npm run build first').toBe(true);
      const { ns, outputDir, payload } = await install('0.6.10', testbed.helm3!);
      const command = [process.execPath, cli, 'uninstall', '--kubeconfig', testbed.kubeconfig!, '-n', ns, '-o', outputDir];
      const env = { HELM: testbed.helm3! };

      const quit = TmuxTerminal.start(command, { env });
      try {
        await quit.waitFor(/Uninstall the pro-builder/);
        quit.press('C-c');
        expect(await quit.waitForExit()).toBe(130);
        expect(quit.output()).toContain('Cancelled. Nothing was changed.');
      } finally {
        quit.close();
      }
      expect(await kube.getSecret(ns, SECRET_NAMES.payload)).toBeDefined();

      const term = TmuxTerminal.start(command, { env });
      try {
        await term.waitFor(/❯ \[x\] remove HelmRelease/);
        term.press('Down');
        await term.waitFor(/❯ \[x\] remove Secret .*registry-secret/);
        term.press('Space');
        await term.waitFor(/❯ \[ \] keep\s+Secret .*registry-secret — kept by you/);
        term.press('Enter');
        await term.waitFor(/Remove 2 objects from .*\? y\/N/);
        term.press('Escape');
        await term.waitFor(/Uninstall the pro-builder/);
        term.press('Enter');
        await term.waitFor(/y\/N/);
        term.type('y');
        expect(await term.waitForExit()).toBe(0);
        const output = term.output();
        expect(output).toContain('Removed the pro-builder');
        for (const secret of [payload, LICENSE]) {
          expect(output).not.toContain(secret);
          expect(output).not.toContain(Buffer.from(secret).toString('base64'));
        }
      } finally {
        term.close();
      }
      expect(await kube.getSecret(ns, SECRET_NAMES.payload)).toBeUndefined();
      expect(await kube.getSecret(ns, SECRET_NAMES.registry)).toBeDefined();
      expect(await kube.getSecret(ns, SECRET_NAMES.license)).toBeDefined();
    },
  );
});
