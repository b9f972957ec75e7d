/**
 * The tool never claims what it did not create (issue 13, item 12): objects made by hand or by
 * another manager keep their managed-by label (or lack of one) through install and rotate, so a later
 * `uninstall --yes`, which removes only what carries the tool's own label, leaves them alone.
 * Everything runs through the built binary against the real test bed.
 */
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { MANAGED_BY_LABEL } from '../../src/platform/kube/labels.js';
import { decodeSecretData, IRSA_SERVICE_ACCOUNT, SECRET_KEYS, SECRET_NAMES } from '../../src/shared/secrets/index.js';
import { runCli, tempDir, type CliRun } from './cliHarness.js';
import { describeWithCharts, kubeClient, namespacesDeletedAfterAll, referenceChart, testbed, uniqueNamespace } from './testbed.js';

const ACCOUNT = '123456789012';

function said(r: CliRun): string {
  return `${r.stdout}\n${r.stderr}`;
}

describeWithCharts('ownership: install and rotate never claim objects they did not create', () => {
  const kube = kubeClient();
  const namespaces = namespacesDeletedAfterAll(() => kube);

  it("install (ecr-irsa) and rotate signing-secret keep another manager's label and add none to hand-made objects; uninstall --yes then keeps all four", async () => {
    const ns = uniqueNamespace('own');
    namespaces.push(ns);
    const dir = await tempDir('pbs-own-');
    const license = `license-${randomBytes(12).toString('hex')}`;
    await writeFile(join(dir, 'LICENSE'), license);
    await kube.createNamespace(ns);
    // Another manager's registry secret (other content: the install replaces it), a hand-made signing
    // secret (kept by the install, replaced by rotate) and a hand-made IRSA service account (annotated
    // by the install). None of them is the tool's.
    await kube.createSecret(ns, {
      metadata: { name: SECRET_NAMES.registry, labels: { [MANAGED_BY_LABEL]: 'argocd', team: 'builds' } },
      stringData: { [SECRET_KEYS.registry]: '{"auths":{"registry.example":{"auth":"b2xkOm9sZA=="}}}' },
    });
    await kube.createSecret(ns, {
      metadata: { name: SECRET_NAMES.payload, labels: { team: 'builds' } },
      stringData: { [SECRET_KEYS.payload]: randomBytes(32).toString('base64') },
    });
    await kube.createServiceAccount(ns, { metadata: { name: IRSA_SERVICE_ACCOUNT, labels: { team: 'builds' } } });
    const common = ['--kubeconfig', testbed.kubeconfig!, '-n', ns, '-o', dir];

    const install = await runCli(
      [
        'install',
        '--yes',
        ...common,
        '--license-file',
        join(dir, 'LICENSE'),
        '--registry',
        'ecr-irsa',
        '--aws-account-id',
        ACCOUNT,
        '--aws-region',
        'eu-west-1',
        '--aws-role-arn',
        `arn:aws:iam::${ACCOUNT}:role/pro-builder-ecr`,
        '--chart',
        referenceChart('0.6.10'),
        '--skip-repo-add',
        '--buildkit-cpu',
        '100m',
        '-f',
        join(dir, 'custom-values.yaml'),
        '--timeout',
        '90s',
      ],
      { timeoutMs: 180_000 },
    );
    expect(install.exitCode, said(install)).toBe(0);
    const registrySecret = (await kube.getSecret(ns, SECRET_NAMES.registry))!;
    // Replaced (the plan said so; the old content is backed up), still another manager's.
    expect(install.stdout).toMatch(/~ update \(backup kept\) Secret \S+\/registry-secret/);
    expect(decodeSecretData(registrySecret)[SECRET_KEYS.registry]!.toString()).not.toMatch(/registry\.example/);
    expect(registrySecret.metadata?.labels).toMatchObject({ [MANAGED_BY_LABEL]: 'argocd', team: 'builds' });
    const sa = (await kube.getServiceAccount(ns, IRSA_SERVICE_ACCOUNT))!;
    expect(sa.metadata?.annotations?.['eks.amazonaws.com/role-arn']).toBe(`arn:aws:iam::${ACCOUNT}:role/pro-builder-ecr`);
    expect(sa.metadata?.labels?.[MANAGED_BY_LABEL]).toBeUndefined();
    expect((await kube.getSecret(ns, SECRET_NAMES.payload))!.metadata?.labels?.[MANAGED_BY_LABEL]).toBeUndefined();
    // What the install did make is its own.
    expect((await kube.getSecret(ns, SECRET_NAMES.license))!.metadata?.labels?.[MANAGED_BY_LABEL]).toBe('probuilder-setup');

    const before = decodeSecretData((await kube.getSecret(ns, SECRET_NAMES.payload))!)[SECRET_KEYS.payload]!.toString();
    const rotate = await runCli(['rotate', 'signing-secret', '--yes', ...common, '--timeout', '90s'], { timeoutMs: 180_000 });
    expect(rotate.exitCode, said(rotate)).toBe(0);
    const payload = (await kube.getSecret(ns, SECRET_NAMES.payload))!;
    expect(decodeSecretData(payload)[SECRET_KEYS.payload]!.toString()).not.toBe(before);
    expect(payload.metadata?.labels?.[MANAGED_BY_LABEL], 'rotate labelled a hand-made payload-secret as its own').toBeUndefined();
    expect(payload.metadata?.labels?.['team']).toBe('builds');

    const uninstall = await runCli(['uninstall', '--yes', ...common], { timeoutMs: 180_000 });
    expect(uninstall.exitCode, said(uninstall)).toBe(0);
    expect(await kube.getSecret(ns, SECRET_NAMES.registry), 'uninstall --yes deleted a secret another manager owns').toBeDefined();
    expect(await kube.getSecret(ns, SECRET_NAMES.payload), 'uninstall --yes deleted a signing secret it did not make').toBeDefined();
    expect(
      await kube.getServiceAccount(ns, IRSA_SERVICE_ACCOUNT),
      'uninstall --yes deleted a service account it did not make',
    ).toBeDefined();
    // What the tool made is gone (the license is kept by default: other OpenFaaS components read it).
    expect(await kube.getSecret(ns, SECRET_NAMES.license)).toBeDefined();
    expect(await kube.getSecret(ns, SECRET_NAMES.daemonCerts)).toBeUndefined();
  });
});
