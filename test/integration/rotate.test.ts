import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { parse } from 'yaml';
import { beforeAll, expect, it } from 'vitest';
import { HelmCli } from '../../src/platform/helm/helm.js';
import type { KubeClient } from '../../src/platform/kube/client.js';
import { RESTART_ANNOTATION } from '../../src/platform/kube/client.js';
import { auditCertificateSecrets, inspectCertificate } from '../../src/shared/certs/index.js';
import { decodeSecretData, SECRET_NAMES } from '../../src/shared/secrets/index.js';
import { applyRotation } from '../../src/features/rotate/apply.js';
import { planRotation, type RotationDecision } from '../../src/features/rotate/plan.js';
import { readRotationSnapshot } from '../../src/features/rotate/snapshot.js';
import type { RotateTarget } from '../../src/cli/args.js';
import { describeWithCharts, kubeClient, namespacesDeletedAfterAll, testbed, uniqueNamespace } from './testbed.js';
import { installOnTestbed, SMALL_BUILDKIT } from './testbedInstall.js';

const cli = resolve(import.meta.dirname, '../../dist/cli.js');

describeWithCharts('rotate on the real test bed', () => {
  let kube: KubeClient;
  const namespaces = namespacesDeletedAfterAll(() => kube);
  beforeAll(() => {
    kube = kubeClient();
  });

  async function install(chartVersion: '0.4.19' | '0.6.10', helmBin: string) {
    const ns = uniqueNamespace('rot');
    namespaces.push(ns);
    const installed = await installOnTestbed({
      kube,
      helmBinary: helmBin,
      chart: chartVersion,
      namespace: ns,
      ...SMALL_BUILDKIT,
      license: 'eyJhbGciOi.rotate-license.sig',
    });
    const { outputDir, helm } = installed;
    return { ns, outputDir, helm };
  }

  async function decide(target: RotateTarget, ns: string, outputDir: string, helm: HelmCli): Promise<RotationDecision> {
    const snapshot = await readRotationSnapshot(kube, helm, { target, namespace: ns, release: 'pro-builder', outputDir });
    return planRotation(target, snapshot);
  }

  const payloadOf = async (ns: string) => decodeSecretData((await kube.getSecret(ns, SECRET_NAMES.payload))!)['payload-secret']!.toString();
  const restartedAt = async (ns: string) =>
    (await kube.getDeployment(ns, 'pro-builder'))!.spec!.template.metadata?.annotations?.[RESTART_ANNOTATION];

  it('rotate signing-secret: new payload-secret and payload.txt, 0600 backup of the old, restart annotation, rollout completes', async () => {
    const { ns, outputDir, helm } = await install('0.6.10', testbed.helm3!);
    const before = await payloadOf(ns);
    expect(await restartedAt(ns)).toBeUndefined();

    const d = await decide('signing-secret', ns, outputDir, helm);
    if (d.kind !== 'plan') throw new Error(d.message);
    const result = await applyRotation(d.plan, { kube, rollout: { timeoutMs: 60_000, intervalMs: 250 } });
    expect(result.error).toBeUndefined();
    expect(result.ok).toBe(true);
    expect(result.rollout?.ok).toBe(true);

    const after = await payloadOf(ns);
    expect(after).not.toBe(before);
    expect(after).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(await readFile(join(outputDir, 'payload.txt'), 'utf8')).toBe(after);
    expect((await stat(join(outputDir, 'payload.txt'))).mode & 0o777).toBe(0o600);
    const backup = result.backups.find((b) => b.includes('secret-payload-secret.yaml.bak-'))!;
    expect((await stat(backup)).mode & 0o777).toBe(0o600);
    const saved = parse(await readFile(backup, 'utf8')) as { data: Record<string, string> };
    expect(Buffer.from(saved.data['payload-secret']!, 'base64').toString()).toBe(before);
    const oldFile = result.backups.find((b) => b.includes('payload.txt.bak-'))!;
    expect(await readFile(oldFile, 'utf8')).toBe(before);
    expect(await restartedAt(ns)).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('rotate certs on 0.4.19: both secrets get a new CA, the audit passes, the Deployment restarts', async () => {
    const { ns, outputDir, helm } = await install('0.4.19', testbed.helm4!);
    const caOf = async (name: string) => inspectCertificate(decodeSecretData((await kube.getSecret(ns, name))!)['ca.crt']!).fingerprint256;
    const beforeDaemon = await caOf(SECRET_NAMES.daemonCerts);
    const beforeClient = await caOf(SECRET_NAMES.clientCerts);

    const d = await decide('certs', ns, outputDir, helm);
    if (d.kind !== 'plan') throw new Error(d.message);
    const result = await applyRotation(d.plan, { kube, rollout: { timeoutMs: 60_000, intervalMs: 250 } });
    expect(result.error).toBeUndefined();
    expect(result.ok).toBe(true);
    expect(result.audit?.filter((f) => f.severity === 'fail')).toEqual([]);

    const afterDaemon = await caOf(SECRET_NAMES.daemonCerts);
    expect(afterDaemon).not.toBe(beforeDaemon);
    expect(await caOf(SECRET_NAMES.clientCerts)).toBe(afterDaemon);
    expect(afterDaemon).not.toBe(beforeClient);
    const daemon = decodeSecretData((await kube.getSecret(ns, SECRET_NAMES.daemonCerts))!);
    const client = decodeSecretData((await kube.getSecret(ns, SECRET_NAMES.clientCerts))!);
    expect(auditCertificateSecrets({ daemon, client }, new Date()).filter((f) => f.severity === 'fail')).toEqual([]);
    expect(await readFile(join(outputDir, 'certs', 'ca.crt'), 'utf8')).toBe(daemon['ca.crt']!.toString());
    expect((await stat(join(outputDir, 'certs', 'client.key'))).mode & 0o777).toBe(0o600);
    expect(result.backups.filter((b) => b.includes('/backups/secret-buildkit-'))).toHaveLength(2);
    expect(await restartedAt(ns)).toBeDefined();
  });

  it('rotate certs on 0.6.10 says there is nothing to rotate; so does the built binary (exit 0), and it rotates the signing secret printing no secret', async () => {
    const { ns, outputDir, helm } = await install('0.6.10', testbed.helm4!);
    expect(await decide('certs', ns, outputDir, helm)).toMatchObject({
      kind: 'nothing-to-rotate',
      message: expect.stringMatching(/unix socket; there are no certificates to rotate/),
    });

    expect(existsSync(cli), 'run npm run build first').toBe(true);
    const common = ['--kubeconfig', testbed.kubeconfig!, '-n', ns, '-o', outputDir];
    const env = { HELM: testbed.helm4!, NO_COLOR: '1' };
    const certs = await execa(process.execPath, [cli, 'rotate', 'certs', '--yes', ...common], { stdin: 'ignore', reject: false, env });
    expect(certs.exitCode, `${certs.stdout}\n${certs.stderr}`).toBe(0);
    expect(certs.stdout).toMatch(/there are no certificates to rotate/);

    const before = await payloadOf(ns);
    const noYes = await execa(process.execPath, [cli, 'rotate', 'signing-secret', ...common], { stdin: 'ignore', reject: false, env });
    expect(noYes.exitCode).toBe(2);
    expect(await payloadOf(ns)).toBe(before);

    const rotated = await execa(process.execPath, [cli, 'rotate', 'signing-secret', '--yes', ...common], {
      stdin: 'ignore',
      reject: false,
      env,
    });
    const output = `${rotated.stdout}\n${rotated.stderr}`;
    expect(rotated.exitCode, output).toBe(0);
    const after = await payloadOf(ns);
    expect(after).not.toBe(before);
    expect(output).toMatch(/Update build clients with the new payload.txt/);
    for (const secret of [before, after]) {
      expect(output).not.toContain(secret);
      expect(output).not.toContain(Buffer.from(secret).toString('base64'));
    }
  });
});
