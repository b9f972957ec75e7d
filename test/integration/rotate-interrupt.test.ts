/**
 * `rotate certs` killed between its two secret writes (issue 13, item 7): Kubernetes cannot replace
 * two secrets at once, so a kill -9 right after buildkit-daemon-certs was replaced leaves the client
 * secret on the old CA; the next run must finish the job with one CA behind both secrets and the
 * local files, and its plan must say the two secrets held different CAs. The built binary on the
 * real test bed; its requests go through a delaying proxy so the test can kill it between the two
 * writes. The last test plants the same state through the API, without the race.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ResultPromise } from 'execa';
import { expect, it } from 'vitest';
import { auditCertificateSecrets, certSecretData, generateCertificateSet, inspectCertificate } from '../../src/shared/certs/index.js';
import { decodeSecretData, secretManifest, SECRET_NAMES } from '../../src/shared/secrets/index.js';
import { killGroup, runCli, startCli } from './cliHarness.js';
import { slowTestbedApi } from './faultProxy.js';
import { describeWithCharts, kubeClient, namespacesDeletedAfterAll, testbed, uniqueNamespace } from './testbed.js';
import { installOnTestbed, SMALL_BUILDKIT } from './testbedInstall.js';

/** What the plan of `rotate certs` says when the two secrets hold different CAs. */
const TWO_CAS =
  'buildkit-daemon-certs and buildkit-client-certs hold certificates issued by different CAs (an earlier rotation was probably interrupted between its two writes); both are replaced from one new CA.';

describeWithCharts('rotate certs killed between its two secret writes', () => {
  const kube = kubeClient();
  const namespaces = namespacesDeletedAfterAll(() => kube);
  // Each request reaches the API server 600 ms late: once the first secret has changed, the test
  // has that long to kill the run before the second write arrives.
  const slow = slowTestbedApi(600);

  /** A fresh namespace with a small 0.4.19 release, and the CA fingerprint behind one of its secrets. */
  async function installed(prefix: string) {
    const ns = uniqueNamespace(prefix);
    namespaces.push(ns);
    const { outputDir } = await installOnTestbed({ kube, helmBinary: testbed.helm4!, chart: '0.4.19', namespace: ns, ...SMALL_BUILDKIT });
    const caOf = async (name: string) => inspectCertificate(decodeSecretData((await kube.getSecret(ns, name))!)['ca.crt']!).fingerprint256;
    return { ns, outputDir, caOf };
  }

  /**
   * Starts `rotate certs` through the slow proxy; returns the running child once buildkit-daemon-certs
   * holds a CA other than `before` (wrapped: an async function would wait for a returned child to end).
   */
  async function rotateUntilDaemonCertsReplaced(
    ns: string,
    outputDir: string,
    caOf: (name: string) => Promise<string>,
    before: string,
  ): Promise<{ child: ResultPromise }> {
    const child = startCli(['rotate', 'certs', '--yes', '--kubeconfig', slow.kubeconfig, '-n', ns, '-o', outputDir, '--timeout', '90s'], {
      timeoutMs: 180_000,
    });
    let exited = false;
    void child.then(() => (exited = true));
    const deadline = Date.now() + 120_000;
    while ((await caOf(SECRET_NAMES.daemonCerts)) === before) {
      if (Date.now() > deadline || exited) {
        killGroup(child);
        const r = await child;
        throw new Error(`buildkit-daemon-certs never changed:\n${String(r.stdout)}${String(r.stderr)}`);
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    return { child };
  }

  it('SIGTERM (or Ctrl+C) after buildkit-daemon-certs was replaced: the write in progress and the second one finish, one CA', async () => {
    const { ns, outputDir, caOf } = await installed('rotterm');
    const before = await caOf(SECRET_NAMES.daemonCerts);
    const { child } = await rotateUntilDaemonCertsReplaced(ns, outputDir, caOf, before);
    process.kill(child.pid!, 'SIGTERM');
    const r = await child;
    const said = `${String(r.stdout)}\n${String(r.stderr)}`;
    expect(r.signal, said).toBeUndefined();
    expect(String(r.stderr)).toMatch(/Stopping: the steps in progress finish/);
    const ca = await caOf(SECRET_NAMES.daemonCerts);
    expect(ca).not.toBe(before);
    expect(await caOf(SECRET_NAMES.clientCerts), said).toBe(ca);
  });

  it('kill -9 after buildkit-daemon-certs was replaced: the re-run leaves one CA in both secrets and the local files, and a clean audit', async () => {
    const { ns, outputDir, caOf } = await installed('rotkill');
    const before = await caOf(SECRET_NAMES.daemonCerts);
    expect(await caOf(SECRET_NAMES.clientCerts)).toBe(before);

    const { child } = await rotateUntilDaemonCertsReplaced(ns, outputDir, caOf, before);
    killGroup(child);
    slow.proxy.cut();
    const killed = await child;
    expect(killed.signal).toBe('SIGKILL');
    // Killed between the writes: two CAs in the cluster now.
    const daemonAfterKill = await caOf(SECRET_NAMES.daemonCerts);
    expect(await caOf(SECRET_NAMES.clientCerts), 'the kill came after the second write; the test proves nothing').toBe(before);

    const rerun = await runCli(
      ['rotate', 'certs', '--yes', '--kubeconfig', testbed.kubeconfig!, '-n', ns, '-o', outputDir, '--timeout', '90s'],
      {
        timeoutMs: 180_000,
      },
    );
    expect(rerun.exitCode, `${rerun.stdout}\n${rerun.stderr}`).toBe(0);
    // Its plan says why both secrets are replaced.
    expect(rerun.stdout).toContain(`! ${TWO_CAS}`);
    const daemon = decodeSecretData((await kube.getSecret(ns, SECRET_NAMES.daemonCerts))!);
    const client = decodeSecretData((await kube.getSecret(ns, SECRET_NAMES.clientCerts))!);
    const ca = inspectCertificate(daemon['ca.crt']!).fingerprint256;
    expect(inspectCertificate(client['ca.crt']!).fingerprint256).toBe(ca);
    expect([before, daemonAfterKill]).not.toContain(ca);
    expect(auditCertificateSecrets({ daemon, client }, new Date()).filter((f) => f.severity === 'fail')).toEqual([]);
    expect(await readFile(join(outputDir, 'certs', 'ca.crt'), 'utf8')).toBe(daemon['ca.crt']!.toString());
  });

  it('the state such a kill leaves (daemon secret on a new CA, client on the old one): the doctor fails it, the plan says it, the run converges, the next plan is quiet', async () => {
    const { ns, outputDir, caOf } = await installed('rot2ca');
    const before = await caOf(SECRET_NAMES.clientCerts);
    // What the first of the two writes puts in the cluster: the daemon secret from a new certificate set.
    const planted = await generateCertificateSet();
    const daemonSecret = (await kube.getSecret(ns, SECRET_NAMES.daemonCerts))!;
    await kube.replaceSecret(ns, {
      ...daemonSecret,
      data: secretManifest(SECRET_NAMES.daemonCerts, ns, certSecretData(planted).daemon).data,
    });
    expect(await caOf(SECRET_NAMES.daemonCerts)).not.toBe(before);
    const common = ['--kubeconfig', testbed.kubeconfig!, '-n', ns, '-o', outputDir];

    const doctor = await runCli(['doctor', '--output', 'json', ...common.slice(0, 4)], { timeoutMs: 180_000 });
    const certs = (JSON.parse(doctor.stdout) as { checks: { id: string; status: string; summary: string }[] }).checks.find(
      (c) => c.id === 'secrets.certificates',
    );
    expect(certs, doctor.stdout).toMatchObject({ status: 'fail', summary: expect.stringMatching(/two different CAs/) });

    const dry = await runCli(['rotate', 'certs', '--dry-run', ...common]);
    expect(dry.exitCode, `${dry.stdout}\n${dry.stderr}`).toBe(0);
    expect(dry.stdout).toContain(`! ${TWO_CAS}`);
    expect(dry.stdout).not.toContain('PRIVATE KEY');

    const run = await runCli(['rotate', 'certs', '--yes', ...common, '--timeout', '90s'], { timeoutMs: 180_000 });
    expect(run.exitCode, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(run.stdout).toContain(`! ${TWO_CAS}`);
    const ca = await caOf(SECRET_NAMES.daemonCerts);
    expect(await caOf(SECRET_NAMES.clientCerts)).toBe(ca);
    expect([before, inspectCertificate(planted.caCert).fingerprint256]).not.toContain(ca);

    const again = await runCli(['rotate', 'certs', '--dry-run', ...common]);
    expect(again.exitCode, `${again.stdout}\n${again.stderr}`).toBe(0);
    expect(again.stdout).not.toContain('different CAs');
  });
});
