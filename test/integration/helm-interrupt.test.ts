/**
 * Ctrl+C and SIGTERM during the helm step (issue 13, item 7): the real helm runs in a process group of
 * its own, so the Ctrl+C a terminal sends to the tool's process group does not reach it; the tool
 * says "Stopping after the current step", helm finishes the release, and the run ends as cancelled
 * (130) with every step applied, never "helm upgrade failed (exit 130)". SIGTERM (kill, a CI runner,
 * systemd) is handled the same way. The built binary, real helm 4, the real test bed; helm's
 * requests go through a delaying proxy so the step lasts long enough to be interrupted.
 */
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { helmChildren, killPid, killGroup, startCli, tempDir, ttlshInstallFlags } from './cliHarness.js';
import { slowTestbedApi } from './faultProxy.js';
import { describeWithCharts, kubeClient, namespacesDeletedAfterAll, referenceChart, testbed, uniqueNamespace } from './testbed.js';

const RELEASE = 'pro-builder';

async function until(probe: () => Promise<boolean> | boolean, what: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`${what} never happened`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describeWithCharts('Ctrl+C or SIGTERM during the helm step: helm finishes, the tool stops after it', () => {
  const admin = kubeClient();
  const namespaces = namespacesDeletedAfterAll(() => admin);
  // 400 ms per request: helm's install lasts seconds after its first record, room for a loaded machine to send the signal mid-step.
  const slow = slowTestbedApi(400);

  async function site(prefix: string): Promise<{ ns: string; args: string[] }> {
    const ns = uniqueNamespace(prefix);
    namespaces.push(ns);
    const dir = await tempDir(`pbs-${prefix}-`);
    await writeFile(join(dir, 'LICENSE'), `license-${randomBytes(12).toString('hex')}`);
    const args = ttlshInstallFlags({
      kubeconfig: slow.kubeconfig,
      namespace: ns,
      licenseFile: join(dir, 'LICENSE'),
      chart: referenceChart('0.4.19'),
      buildkitCpu: '100m',
      outputDir: dir,
      valuesFile: join(dir, 'custom-values.yaml'),
      timeout: '90s',
    });
    return { ns, args };
  }

  const releaseStatus = async (ns: string): Promise<string | undefined> => {
    const secrets = await admin.listSecrets(ns, { labelSelector: `owner=helm,name=${RELEASE}` });
    return secrets[0]?.metadata?.labels?.['status'];
  };

  for (const how of [
    { name: 'Ctrl+C (SIGINT to the tool’s process group, as a terminal sends it)', send: (pid: number) => process.kill(-pid, 'SIGINT') },
    { name: 'SIGTERM to the tool', send: (pid: number) => process.kill(pid, 'SIGTERM') },
  ]) {
    it(`${how.name} while helm installs: helm completes the release, the tool stops after the step (exit 130)`, async () => {
      const { ns, args } = await site('hsig');
      const child = startCli(args, { timeoutMs: 180_000 });
      try {
        // helm has stored its pending-install record and is still at work.
        await until(
          async () => (await releaseStatus(ns)) === 'pending-install' && helmChildren(child.pid!).length > 0,
          'helm install starting',
        );
        how.send(child.pid!);
        const r = await child;
        const said = `${String(r.stdout)}\n${String(r.stderr)}`;
        expect(r.signal, said).toBeUndefined();
        expect(r.exitCode, said).toBe(130);
        expect(String(r.stderr)).toMatch(/Stopping after the current step/);
        expect(String(r.stderr)).toMatch(/Stopped: every step was applied; the rollout was not watched/);
        expect(said).not.toMatch(/helm \w+ (failed|was stopped by signal)/);
        expect(String(r.stdout)).toMatch(/✓ .*helm/i);
        // The release helm was making is complete, not left pending.
        expect(await releaseStatus(ns)).toBe('deployed');
      } finally {
        // Its helm is listed before the tool dies: after, helm is no longer the tool's child.
        const helms = helmChildren(child.pid!);
        killGroup(child);
        for (const pid of helms) killPid(pid);
      }
    });
  }
  it('SIGTERM while helm uninstalls: helm removes the release, the tool stops after that step and deletes nothing more (exit 130)', async () => {
    const { ns, args } = await site('husig');
    const dir = args[args.indexOf('-o') + 1]!;
    const installed = startCli(
      args.map((a) => (a === slow.kubeconfig ? testbed.kubeconfig! : a)),
      { timeoutMs: 180_000 },
    );
    const done = await installed;
    expect(done.exitCode, `${String(done.stdout)}\n${String(done.stderr)}`).toBe(0);

    const child = startCli(['uninstall', '--yes', '--kubeconfig', slow.kubeconfig, '-n', ns, '-o', dir], { timeoutMs: 180_000 });
    try {
      await until(async () => helmChildren(child.pid!).length > 0, 'helm uninstall starting');
      process.kill(child.pid!, 'SIGTERM');
      const r = await child;
      const said = `${String(r.stdout)}\n${String(r.stderr)}`;
      expect(r.signal, said).toBeUndefined();
      expect(r.exitCode, said).toBe(130);
      expect(String(r.stderr)).toMatch(/Stopping after the current step/);
      expect(said).not.toMatch(/helm \w+ (failed|was stopped by signal)/);
      // helm finished: no release left; the tool's secrets, the steps after helm's, are still there.
      expect(await releaseStatus(ns)).toBeUndefined();
      expect(await admin.getSecret(ns, 'registry-secret')).toBeDefined();
    } finally {
      const helms = helmChildren(child.pid!);
      killGroup(child);
      for (const pid of helms) killPid(pid);
    }
  });
});
