/**
 * A planted helm release record that inflates past the cap (issue 13, left over): a Secret of helm's
 * type holding 64 MiB of zeros gzipped (~64 KiB). helm reads a record whole, with no cap, so the
 * built binary neither reads it nor starts a helm that would: the doctor fails helm.release with a
 * sentence naming the Secret and how to look at it; install, uninstall and rotate stop before they
 * change anything.
 */
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { expect, it } from 'vitest';
import { cliOutput, expectExplained, runCli, tempDir, ttlshInstallFlags } from './cliHarness.js';
import { describeWithCharts, kubeClient, namespacesDeletedAfterAll, referenceChart, testbed, uniqueNamespace } from './testbed.js';

const RECORD = 'sh.helm.release.v1.pro-builder.v1';
const SAID = new RegExp(
  `helm release pro-builder's newest record, Secret ${RECORD.replace(/\./g, '\\.')} in namespace \\S+ \\(\\d+ characters\\), inflates to more than 32 MiB`,
);

interface JsonCheck {
  id: string;
  status: string;
  summary: string;
  hint?: string;
}

describeWithCharts('a helm release record that inflates past the cap', () => {
  const kube = kubeClient();
  const namespaces = namespacesDeletedAfterAll(() => kube);

  it('doctor fails helm.release with the Secret named; install, uninstall and rotate stop before changing anything', async () => {
    const ns = uniqueNamespace('bomb');
    namespaces.push(ns);
    await kube.createNamespace(ns);
    // helm stores base64 of gzip in data.release; the API's own base64 is over that.
    const helmEncoded = gzipSync(Buffer.alloc(64 * 1024 * 1024)).toString('base64');
    await kube.createSecret(ns, {
      metadata: { name: RECORD, labels: { owner: 'helm', name: 'pro-builder', status: 'deployed', version: '1' } },
      type: 'helm.sh/release.v1',
      data: { release: Buffer.from(helmEncoded).toString('base64') },
    });
    const payload = await kube.createSecret(ns, { metadata: { name: 'payload-secret' }, stringData: { 'payload-secret': 'x'.repeat(32) } });
    const k = testbed.kubeconfig!;
    const dir = await tempDir('pbs-bomb-');
    await writeFile(join(dir, 'LICENSE'), `license-${randomBytes(8).toString('hex')}`);

    const doctor = await runCli(['doctor', '--output', 'json', '--kubeconfig', k, '-n', ns], { timeoutMs: 120_000 });
    expect(doctor.exitCode, cliOutput(doctor)).toBe(3);
    const row = (JSON.parse(doctor.stdout) as { checks: JsonCheck[] }).checks.find((c) => c.id === 'helm.release')!;
    expect(row).toMatchObject({ status: 'fail', summary: expect.stringMatching(SAID) });
    expect(JSON.stringify(row)).toMatch(/kubectl get secret sh\.helm\.release\.v1\.pro-builder\.v1 -n \S+ --show-managed-fields/);

    const install = await runCli(
      ttlshInstallFlags({
        kubeconfig: k,
        namespace: ns,
        licenseFile: join(dir, 'LICENSE'),
        chart: referenceChart('0.6.10'),
        outputDir: dir,
        valuesFile: join(dir, 'custom-values.yaml'),
      }),
      { timeoutMs: 120_000 },
    );
    expect(install.exitCode, cliOutput(install)).not.toBe(0);
    expectExplained(install, SAID);

    const uninstall = await runCli(['uninstall', '--yes', '--kubeconfig', k, '-n', ns, '-o', dir], { timeoutMs: 120_000 });
    expect(uninstall.exitCode, cliOutput(uninstall)).not.toBe(0);
    expectExplained(uninstall, SAID);

    const rotate = await runCli(['rotate', 'signing-secret', '--yes', '--kubeconfig', k, '-n', ns, '-o', dir], { timeoutMs: 120_000 });
    expect(rotate.exitCode, cliOutput(rotate)).not.toBe(0);
    expectExplained(rotate, SAID);

    // Nothing changed: the one record (no revision 2 from a helm upgrade), the payload secret as it was.
    const records = await kube.listSecrets(ns, { labelSelector: 'owner=helm' });
    expect(records.map((r) => r.metadata?.name)).toEqual([RECORD]);
    expect((await kube.getSecret(ns, 'payload-secret'))?.metadata?.resourceVersion).toBe(payload.metadata?.resourceVersion);
    expect((await kube.listSecrets(ns)).map((s) => s.metadata?.name).sort()).toEqual(['payload-secret', RECORD].sort());
  });
});
