/**
 * A kubeconfig with insecure-skip-tls-verify (issue 13, item 9): the built binary, reading a real
 * kubeconfig file for the test bed, warns on the target line before anything is sent, and the doctor
 * reports it as a warning. The same kubeconfig with the CA gets neither.
 */
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { kubeconfigVariant, runCli, tempDir, ttlshInstallFlags } from './cliHarness.js';
import { doctorJsonChecks } from './doctorJson.js';
import { describeWithCharts, referenceChart, testbed, uniqueNamespace } from './testbed.js';

const WARNING =
  /^Target: .* — WARNING: insecure-skip-tls-verify is set: the server is not verified, yet the license, passwords and keys are sent to it$/m;

describeWithCharts('insecure-skip-tls-verify in the kubeconfig', () => {
  it('install --dry-run warns on the target line, doctor --output json warns in cluster.context; with the CA, neither', async () => {
    const insecure = await kubeconfigVariant({ cluster: { 'insecure-skip-tls-verify': true } });
    const dir = await tempDir('pbs-tls-');
    await writeFile(join(dir, 'LICENSE'), `license-${randomBytes(8).toString('hex')}`);
    const ns = uniqueNamespace('tls');
    const install = (kubeconfig: string) =>
      runCli([
        '--dry-run',
        ...ttlshInstallFlags({
          kubeconfig,
          namespace: ns,
          licenseFile: join(dir, 'LICENSE'),
          chart: referenceChart('0.6.10'),
          outputDir: dir,
          valuesFile: join(dir, 'custom-values.yaml'),
        }),
      ]);
    const doctor = async (kubeconfig: string) =>
      (await doctorJsonChecks(['--kubeconfig', kubeconfig, '-n', ns])).find((c) => c.id === 'cluster.context')!;

    const warned = await install(insecure);
    expect(warned.exitCode, `${warned.stdout}\n${warned.stderr}`).toBe(0);
    expect(warned.stdout).toMatch(WARNING);
    expect(await doctor(insecure)).toMatchObject({
      status: 'warn',
      summary: expect.stringMatching(/sets insecure-skip-tls-verify: the API server's certificate is not checked/),
    });

    const verified = await install(testbed.kubeconfig!);
    expect(verified.exitCode, `${verified.stdout}\n${verified.stderr}`).toBe(0);
    expect(verified.stdout).toMatch(/^Target: /m);
    expect(verified.stdout).not.toMatch(/insecure-skip-tls-verify/);
    expect((await doctor(testbed.kubeconfig!)).status).toBe('pass');
  });
});
