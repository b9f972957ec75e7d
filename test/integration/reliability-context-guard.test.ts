import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import {
  cliOutput,
  closedPort,
  expectExplained,
  expectNoStack,
  kubeconfigVariant,
  readTestbedKubeconfig,
  runCli,
  tempDir,
  ttlshInstallFlags,
} from './cliHarness.js';
import { describeWithCharts, kubeClient, namespacesDeletedAfterAll, referenceChart, testbed, uniqueNamespace } from './testbed.js';

describeWithCharts('wrong-cluster guard: --yes alone never picks a context out of several', () => {
  const admin = kubeClient();
  const namespaces = namespacesDeletedAfterAll(() => admin);
  let dir: string;
  let testbedContext: string;
  /** Current context: a bogus "prod" cluster; the test bed is the other context. */
  let prodCurrent: string;
  /** The same two contexts, the test bed current. */
  let testbedCurrent: string;
  let bogusServer: string;

  beforeAll(async () => {
    dir = await tempDir('pbs-guard-');
    await writeFile(join(dir, 'LICENSE'), 'guard-license');
    testbedContext = readTestbedKubeconfig().contexts[0]!.name;
    bogusServer = `https://127.0.0.1:${await closedPort()}`;
    prodCurrent = await kubeconfigVariant({ extraContexts: [{ name: 'prod', server: bogusServer }], currentContext: 'prod' });
    testbedCurrent = await kubeconfigVariant({ extraContexts: [{ name: 'prod', server: bogusServer }] });
  });

  const install = (kubeconfig: string | undefined, ns: string, extra: string[] = []) => [
    ...ttlshInstallFlags({
      kubeconfig,
      namespace: ns,
      licenseFile: join(dir, 'LICENSE'),
      chart: referenceChart('0.6.10'),
      outputDir: join(dir, ns),
      valuesFile: join(dir, ns, 'values.yaml'),
      timeout: '60s',
    }),
    ...extra,
  ];

  it('install, uninstall and rotate with --yes and no --context refuse with exit 2, naming the contexts, touching nothing', async () => {
    const ns = uniqueNamespace('guard');
    const runs = await Promise.all([
      runCli(install(prodCurrent, ns)),
      runCli(install(testbedCurrent, ns)),
      runCli(['uninstall', '--yes', '--kubeconfig', testbedCurrent, '-n', ns, '-o', dir]),
      runCli(['rotate', 'signing-secret', '--yes', '--kubeconfig', testbedCurrent, '-n', ns, '-o', dir]),
    ]);
    const verbs = ['install into', 'install into', 'uninstall from', 'rotate secrets in'];
    for (const [i, r] of runs.entries()) {
      expect(r.exitCode, cliOutput(r)).toBe(2);
      expect(r.stderr).toMatch(
        new RegExp(
          `^probuilder-setup: this kubeconfig has 2 contexts; pass --context <name> to say which one to ${verbs[i]} \\(the current one is "(prod|${testbedContext})"; the contexts are "${testbedContext}", "prod"\\)\\.$`,
        ),
      );
      expect(r.stdout).toBe('');
      expectNoStack(cliOutput(r));
    }
    expect(await admin.getNamespace(ns)).toBeUndefined();
  });

  it("an empty value is refused (exit 2), never read as 'not given': --context '' with --yes, --kubeconfig '', --license-file ''", async () => {
    const ns = uniqueNamespace('guard-empty');
    namespaces.push(ns); // removed afterwards should a run wrongly install
    const runs = await Promise.all([
      // Before: --context '' passed the several-contexts guard and installed into the current context.
      runCli(install(testbedCurrent, ns, ['--context', ''])),
      runCli(install(testbedCurrent, ns, ['--context='])),
      runCli(['uninstall', '--yes', '--kubeconfig', testbedCurrent, '--context', '', '-n', ns, '-o', dir]),
      runCli(['rotate', 'signing-secret', '--yes', '--kubeconfig', testbedCurrent, '--context', '', '-n', ns, '-o', dir]),
      // Before: fell back to KUBECONFIG (one context: no guard) and installed.
      runCli(install(undefined, ns, ['--kubeconfig', '']), { env: { KUBECONFIG: testbed.kubeconfig! } }),
      runCli(install(testbed.kubeconfig!, ns, ['--license-file', ''])),
    ]);
    const flags = ['--context', '--context', '--context', '--context', '--kubeconfig', '--license-file'];
    for (const [i, r] of runs.entries()) {
      expect(r.exitCode, cliOutput(r)).toBe(2);
      expect(r.stderr).toBe(`probuilder-setup: ${flags[i]} was given an empty value; pass a value or leave the flag out.`);
      expect(r.stdout).toBe('');
    }
    expect(await admin.getNamespace(ns)).toBeUndefined();
  });

  it('counts the contexts of every file in KUBECONFIG, as kubectl merges them', async () => {
    const ns = uniqueNamespace('guard-env');
    const second = join(await tempDir('pbs-guard-kc-'), 'prod.yaml');
    await writeFile(
      second,
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name: 'prod', cluster: { server: bogusServer } }],
        users: [{ name: 'prod', user: { token: 'x' } }],
        contexts: [{ name: 'prod', context: { cluster: 'prod', user: 'prod' } }],
      }),
    );
    const r = await runCli(install(undefined, ns), { env: { KUBECONFIG: `${testbed.kubeconfig}:${second}` } });
    expect(r.exitCode, cliOutput(r)).toBe(2);
    expect(r.stderr).toMatch(/this kubeconfig has 2 contexts; pass --context <name>/);
    expect(await admin.getNamespace(ns)).toBeUndefined();
  });

  it('--context is used exactly: the named one is installed into, even when another is current', async () => {
    const ns = uniqueNamespace('guard-ok');
    namespaces.push(ns);
    const r = await runCli(install(prodCurrent, ns, ['--context', testbedContext]));
    expect(r.exitCode, cliOutput(r)).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^Target: context ${testbedContext} \\(`));
    expect(await admin.getNamespace(ns)).toBeDefined();

    // And naming the other one goes there (and fails, it is not a real cluster), never to the test bed.
    const ns2 = uniqueNamespace('guard-prod');
    const prod = await runCli(install(testbedCurrent, ns2, ['--context', 'prod']));
    expect(prod.exitCode).toBe(1);
    expectExplained(prod, new RegExp(`Cannot reach the cluster at ${bogusServer.replace(/\./g, '\\.')} \\(ECONNREFUSED\\)\\.`));
    expect(await admin.getNamespace(ns2)).toBeUndefined();
  });

  it('needs no --context when nothing can change (--dry-run) or when the kubeconfig has one context', async () => {
    const ns = uniqueNamespace('guard-dry');
    const dry = await runCli(install(testbedCurrent, ns, ['--dry-run']));
    expect(dry.exitCode, cliOutput(dry)).toBe(0);
    expect(dry.stdout).toMatch(/Dry run: nothing was changed\./);
    expect(await admin.getNamespace(ns)).toBeUndefined();

    const single = uniqueNamespace('guard-single');
    namespaces.push(single);
    const one = await runCli(install(testbed.kubeconfig!, single));
    expect(one.exitCode, cliOutput(one)).toBe(0);
  });
});
