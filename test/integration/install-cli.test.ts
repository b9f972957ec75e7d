import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { expect, it } from 'vitest';
import { decodeSecretData, SECRET_NAMES } from '../../src/shared/secrets/index.js';
import { describeWithCharts, kubeClient, namespacesDeletedAfterAll, referenceChart, testbed, uniqueNamespace } from './testbed.js';

const cli = resolve(import.meta.dirname, '../../dist/cli.js');

describeWithCharts('the built binary, non-interactive, on the real test bed', () => {
  const namespaces = namespacesDeletedAfterAll(() => kubeClient());

  const run = (args: string[], input?: string) =>
    execa(process.execPath, [cli, ...args], {
      reject: false,
      input,
      stdin: input === undefined ? 'ignore' : undefined,
      env: { HELM: testbed.helm4!, NO_COLOR: '1' },
      timeout: 120_000,
    });

  it('names every missing answer and exits 2 without touching the cluster', async () => {
    const ns = uniqueNamespace('cli-missing');
    const r = await run(['--yes', '--kubeconfig', testbed.kubeconfig!, '-n', ns, '--registry', 'ecr']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr + r.stdout).toMatch(/--aws-account-id/);
    expect(r.stderr + r.stdout).toMatch(/--aws-region/);
    expect(r.stderr + r.stdout).toMatch(/--aws-credentials-file/);
    expect(await kubeClient().getNamespace(ns)).toBeUndefined();
  });

  it('rejects an invalid answer with a sentence and exit 2', async () => {
    const r = await run([
      '--yes',
      '--kubeconfig',
      testbed.kubeconfig!,
      '--registry',
      'ecr',
      '--aws-account-id',
      '12345',
      '--aws-region',
      'us-east',
    ]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr + r.stdout).toMatch(/--aws-account-id: .*5 digits but must have exactly 12/);
    expect(r.stderr + r.stdout).not.toMatch(/\n\s+at /);
  });

  it('installs a private registry with the password from stdin, prints no secret, and converges on a re-run', async () => {
    const ns = uniqueNamespace('cli');
    namespaces.push(ns);
    const dir = await mkdtemp(join(tmpdir(), 'pbs-cli-'));
    const license = 'cli-license-value-abcdef';
    const password = 'hunter2-but-longer-$(rm -rf /)';
    await writeFile(join(dir, 'LICENSE'), license);
    const args = [
      '--yes',
      '--kubeconfig',
      testbed.kubeconfig!,
      '-n',
      ns,
      '--license-file',
      join(dir, 'LICENSE'),
      '--registry',
      'private',
      '--registry-server',
      'ghcr.io',
      '--registry-username',
      'octocat',
      '--registry-password-file',
      '-',
      '--chart',
      referenceChart('0.4.19'),
      '--skip-repo-add',
      '--buildkit-mode',
      'root',
      '--buildkit-cpu',
      '250m',
      '-o',
      dir,
      '-f',
      join(dir, 'custom-values.yaml'),
      '--timeout',
      '60s',
    ];
    const first = await run(args, `${password}\n`);
    expect(first.stderr).not.toMatch(/\n\s+at /);
    expect(first.exitCode).toBe(0);

    const kube = kubeClient();
    const config = JSON.parse(decodeSecretData((await kube.getSecret(ns, SECRET_NAMES.registry))!)['config.json']!.toString());
    // One trailing newline from the pipe is not part of the password.
    expect(config.auths['ghcr.io'].auth).toBe(Buffer.from(`octocat:${password}`).toString('base64'));
    const payload = await readFile(join(dir, 'payload.txt'), 'utf8');
    const certFiles = await readdir(join(dir, 'certs'));
    expect(certFiles.sort()).toEqual(['ca.crt', 'ca.key', 'client.crt', 'client.key', 'server.crt', 'server.key']);
    const dep = (await kube.getDeployment(ns, 'pro-builder'))!;
    expect(dep.spec!.template.spec!.containers.find((c) => c.name === 'buildkit')!.securityContext?.privileged).toBe(true);

    const second = await run(args, `${password}\n`);
    expect(second.exitCode).toBe(0);
    expect(await readFile(join(dir, 'payload.txt'), 'utf8')).toBe(payload);

    const everything = first.stdout + first.stderr + second.stdout + second.stderr;
    const serverKey = await readFile(join(dir, 'certs', 'server.key'), 'utf8');
    for (const secret of [password, license, payload, config.auths['ghcr.io'].auth, serverKey.split('\n')[1]!]) {
      expect(everything).not.toContain(secret);
      expect(everything).not.toContain(Buffer.from(secret).toString('base64'));
    }
  });
});
