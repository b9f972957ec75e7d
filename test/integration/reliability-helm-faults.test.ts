import { existsSync } from 'node:fs';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { parse } from 'yaml';
import { cliOutput, expectExplained, expectNoStack, runCli, tempDir, ttlshInstallFlags } from './cliHarness.js';
import { describeWithCharts, kubeClient, namespacesDeletedAfterAll, referenceChart, testbed, uniqueNamespace } from './testbed.js';

const strictChart = resolve(import.meta.dirname, '../fixtures/charts/schema-strict-pro-builder');

describeWithCharts("helm faults: helm's own message, what to do, exit 1", () => {
  const admin = kubeClient();
  const namespaces = namespacesDeletedAfterAll(() => admin);
  let dir: string;

  beforeAll(async () => {
    dir = await tempDir('pbs-helmfault-');
    await writeFile(join(dir, 'LICENSE'), 'helm-fault-license');
  });

  function installArgs(ns: string, chart: string, extra: string[] = []): string[] {
    return [
      ...ttlshInstallFlags({
        kubeconfig: testbed.kubeconfig!,
        namespace: ns,
        licenseFile: join(dir, 'LICENSE'),
        chart,
        outputDir: join(dir, ns),
        valuesFile: join(dir, ns, 'values.yaml'),
      }),
      ...extra,
    ];
  }

  it('helm missing: every command names the path it looked for and how to get helm, before changing anything', async () => {
    const ns = uniqueNamespace('helm-missing');
    const env = { HELM: '/nonexistent/helm' };
    const runs = await Promise.all([
      runCli(installArgs(ns, referenceChart('0.6.10')), { env }),
      runCli(['uninstall', '--yes', '--kubeconfig', testbed.kubeconfig!, '-n', 'default', '-o', dir], { env }),
      runCli(['rotate', 'certs', '--yes', '--kubeconfig', testbed.kubeconfig!, '-n', 'default', '-o', dir], { env }),
    ]);
    for (const r of runs) {
      expect(r.exitCode, cliOutput(r)).toBe(1);
      expectExplained(r, /helm was not found \(looked for "\/nonexistent\/helm"\)\./);
      expect(r.stderr).toMatch(/Next: Install helm 3 or 4 \(https:\/\/helm\.sh\/docs\/intro\/install\/\).*or set HELM=\/path\/to\/helm\./);
    }
    expect(await admin.getNamespace(ns)).toBeUndefined();
  });

  for (const [name, helm] of [
    ['helm 3', testbed.helm3],
    ['helm 4', testbed.helm4],
  ] as const) {
    it(`${name} refusing a value: its own message is shown, the next step points at the values file, and a fixed value finishes`, async () => {
      const ns = uniqueNamespace('helm-value');
      const env = { HELM: helm! };
      namespaces.push(ns);
      const r = await runCli(installArgs(ns, strictChart, ['--max-inflight', '50', '--timeout', '30s']), { env });
      expect(r.exitCode, cliOutput(r)).toBe(1);
      // helm's words, verbatim (indented under its step), then ours.
      expect(r.stdout, cliOutput(r)).toMatch(/ {4}Error: .*values don't meet the specifications of the schema/);
      expect(r.stdout).toMatch(/maxInflight/);
      expect(r.stdout).toMatch(/× helm upgrade pro-builder /);
      expectExplained(r, /helm upgrade failed \(exit 1\)\./);
      expect(r.stderr).toMatch(/Next: Check the values file helm names above; fix the value and retry\./);
      expectNoStack(cliOutput(r));
      const values = parse(await readFile(join(dir, ns, 'values.yaml'), 'utf8')) as { proBuilder: { maxInflight: number } };
      expect(values.proBuilder.maxInflight).toBe(50);

      // The next step works: fix the value, run again, and the install finishes from where it stopped.
      const fixed = await runCli(installArgs(ns, strictChart, ['--max-inflight', '5', '--timeout', '60s']), { env });
      expect(fixed.exitCode, cliOutput(fixed)).toBe(0);
      expect(fixed.stdout).toMatch(/~ proBuilder\.maxInflight: 50 → 5/);
      expect(fixed.stdout).toMatch(/= keep Secret \S+\/payload-secret/);
    });
  }

  it('helm hanging: stopped after --timeout, with the step and what to do, and no helm left running', async () => {
    const ns = uniqueNamespace('helm-hang');
    namespaces.push(ns);
    // A deliberately broken helm: the real one for everything but upgrade, which never returns.
    const fake = join(dir, 'hanging-helm');
    const pidFile = join(dir, 'hanging-helm.pid');
    await writeFile(
      fake,
      `#!/bin/sh\nif [ "$1" = upgrade ]; then echo $$ > '${pidFile}'; exec sleep 600; fi\nexec '${testbed.helm4}' "$@"\n`,
    );
    await chmod(fake, 0o755);
    const r = await runCli(installArgs(ns, referenceChart('0.6.10'), ['--timeout', '3s']), { env: { HELM: fake }, timeoutMs: 30_000 });
    // Stopped by its own --timeout: without it, the hanging helm would outlive the harness's 30 s.
    expect(r.timedOut).toBe(false);
    expect(r.exitCode, cliOutput(r)).toBe(1);
    expect(r.stdout).toMatch(/× helm upgrade pro-builder /);
    expectExplained(r, /helm upgrade did not finish within 3s and was stopped\./);
    expect(r.stderr).toMatch(/Next: Check the cluster's health and retry, or raise --timeout\./);
    const pid = Number((await readFile(pidFile, 'utf8')).trim());
    expect(existsSync(`/proc/${pid}`) && !(await readFile(`/proc/${pid}/stat`, 'utf8')).includes(') Z ')).toBe(false);
  });
});
