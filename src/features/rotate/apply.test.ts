import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { generateCertificateSet, certSecretData, type CertificateSet } from '../../shared/certs/index.js';
import type { RolloutOutcome } from '../../shared/rollout/rollout.js';
import { RESTART_ANNOTATION } from '../../platform/kube/client.js';
import { KubeError } from '../../platform/kube/errors.js';
import { UnusablePathError } from '../../platform/files/safeRead.js';
import { decodeSecretData, secretManifest, SECRET_NAMES } from '../../shared/secrets/index.js';
import { rotateCertificates, type CertRotationDeps } from './certs.js';
import { planRotation, type RotationPlan } from './plan.js';
import { installedCluster, OLD_PAYLOAD } from './plan.testkit.js';
import { rotationSummary } from './report.js';
import { rotateSigningSecret, type SigningRotationDeps } from './signingSecret.js';
import { readRotationSnapshot } from './snapshot.js';

const NEW_PAYLOAD = 'bmV3LXNpZ25pbmctc2VjcmV0LWZvci10aGUtYnVpbGRlcg==';
const FIXED_NOW = () => new Date('2026-03-04T05:06:07Z');
const rolledOut = async (): Promise<RolloutOutcome> => ({
  ok: true,
  timedOut: false,
  deploymentName: 'pro-builder',
  warnings: [],
  progress: { desired: 1, updated: 1, available: 1, message: 'rolled out' },
});

type Cluster = ReturnType<typeof installedCluster>;

/** Reads the cluster and plans the rotation of `target`, as a run of the command does. */
async function planOn({ kube, helm }: Cluster, target: 'signing-secret' | 'certs', dir: string): Promise<RotationPlan> {
  const snapshot = await readRotationSnapshot(kube, helm, { target, namespace: 'openfaas', release: 'pro-builder', outputDir: dir });
  const d = planRotation(target, snapshot);
  if (d.kind !== 'plan') throw new Error(d.message);
  return d.plan;
}

async function planFor(target: 'signing-secret' | 'certs', chartVersion: string, outputDir?: string) {
  const { kube, helm } = installedCluster(chartVersion);
  const dir = outputDir ?? (await mkdtemp(join(tmpdir(), 'pbs-rotate-')));
  return { kube, helm, dir, plan: await planOn({ kube, helm }, target, dir) };
}

/** A signing rotation that makes NEW_PAYLOAD and whose rollout finishes; `deps` changes any of it. */
function signingDeps(kube: SigningRotationDeps['kube'], deps: Partial<SigningRotationDeps> = {}): SigningRotationDeps {
  return { kube, makeSigningSecret: () => NEW_PAYLOAD, rollout: { timeoutMs: 1000 }, waitForRollout: rolledOut, ...deps };
}

describe('readRotationSnapshot', () => {
  it('reads the release from the confirmed context and kubeconfig', async () => {
    const { kube, helm } = await planFor('signing-secret', '0.6.10');
    expect(helm.runs.length).toBeGreaterThan(0);
    for (const args of helm.runs) {
      expect(args[args.indexOf('--kube-context') + 1]).toBe(kube.target.contextName);
      expect(args[args.indexOf('--kubeconfig') + 1]).toBe(kube.target.kubeconfigFile);
    }
  });
});

describe('readRotationSnapshot and what is at the paths it writes', () => {
  it('refuses a FIFO at payload.txt or a file where the certs folder belongs before anything is planned (exit 2, not a failed step)', async () => {
    const { kube, helm } = installedCluster('0.6.10');
    const dir = await mkdtemp(join(tmpdir(), 'pbs-rotate-'));
    execFileSync('mkfifo', [join(dir, 'payload.txt')]);
    const req = { namespace: 'openfaas', release: 'pro-builder', outputDir: dir };
    await expect(readRotationSnapshot(kube, helm, { ...req, target: 'signing-secret' })).rejects.toThrow(UnusablePathError);
    await expect(readRotationSnapshot(kube, helm, { ...req, target: 'signing-secret' })).rejects.toThrow(
      /payload\.txt is a named pipe \(FIFO\), not a regular file\./,
    );
    await writeFile(join(dir, 'certs'), 'a file, not a folder');
    await expect(readRotationSnapshot(kube, helm, { ...req, target: 'certs' })).rejects.toThrow(/certs is a file, not a folder\./);
    expect(kube.writes).toEqual([]);
  });
});

describe('rotateSigningSecret', () => {
  it('backs up the old secret (0600), writes payload.txt, replaces the secret, restarts and waits', async () => {
    const { kube, dir, plan } = await planFor('signing-secret', '0.6.10');
    await writeFile(join(dir, 'payload.txt'), OLD_PAYLOAD, { mode: 0o600 });
    const result = await rotateSigningSecret(plan, signingDeps(kube, { now: FIXED_NOW }));
    expect(result.error).toBeUndefined();
    expect(result.ok).toBe(true);
    expect(decodeSecretData(kube.secrets.get('openfaas/payload-secret')!)['payload-secret']!.toString()).toBe(NEW_PAYLOAD);
    expect(kube.secrets.get('openfaas/payload-secret')!.metadata?.labels?.['app.kubernetes.io/managed-by']).toBe('probuilder-setup');
    expect(await readFile(join(dir, 'payload.txt'), 'utf8')).toBe(NEW_PAYLOAD);
    expect((await stat(join(dir, 'payload.txt'))).mode & 0o777).toBe(0o600);

    const secretBackup = result.backups.find((b) => b.includes('backups/secret-payload-secret.yaml.bak-'))!;
    expect((await stat(secretBackup)).mode & 0o777).toBe(0o600);
    const saved = parse(await readFile(secretBackup, 'utf8')) as { data: Record<string, string>; metadata: { resourceVersion?: string } };
    expect(Buffer.from(saved.data['payload-secret']!, 'base64').toString()).toBe(OLD_PAYLOAD);
    expect(saved.metadata.resourceVersion).toBeUndefined();
    const fileBackup = result.backups.find((b) => b.includes('payload.txt.bak-'))!;
    expect(await readFile(fileBackup, 'utf8')).toBe(OLD_PAYLOAD);
    expect((await stat(fileBackup)).mode & 0o777).toBe(0o600);

    expect(kube.deployments.get('openfaas/pro-builder')!.spec!.template.metadata!.annotations![RESTART_ANNOTATION]).toBe(
      '2026-03-04T05:06:07.000Z',
    );
    expect(result.steps.map((s) => `${s.id}:${s.status}`)).toEqual([
      'backup:done',
      'file:done',
      'secret:done',
      'restart:done',
      'rollout:done',
    ]);
    const summary = rotationSummary(plan, result).join('\n');
    expect(summary).toMatch(/Update build clients with the new payload.txt/);
    expect(summary).not.toContain(NEW_PAYLOAD);
    expect(JSON.stringify(result.steps)).not.toContain(NEW_PAYLOAD);
  });

  it('changes nothing in the cluster when payload.txt cannot be written', async () => {
    const base = await mkdtemp(join(tmpdir(), 'pbs-rotate-'));
    const { kube, plan } = await planFor('signing-secret', '0.6.10', join(base, 'not-a-dir'));
    // A file appears where the output folder belongs after the plan was made (the plan refuses one found before).
    await writeFile(join(base, 'not-a-dir'), 'x');
    const result = await rotateSigningSecret(plan, signingDeps(kube));
    expect(result.ok).toBe(false);
    expect(kube.writes).toEqual([]);
    expect(result.steps.find((s) => s.status === 'failed')?.id).toBe('backup');
  });

  it('says payload.txt is ahead of the cluster when the secret cannot be replaced', async () => {
    const { kube, plan } = await planFor('signing-secret', '0.6.10');
    kube.failures.set(
      'replaceSecret payload-secret',
      new KubeError('forbidden', 'You may not update secret openfaas/payload-secret.', 'Ask for the update permission.', 403),
    );
    const result = await rotateSigningSecret(plan, signingDeps(kube));
    expect(result.ok).toBe(false);
    expect(result.error?.nextStep).toMatch(
      /payload.txt already holds a new secret the cluster does not have\. Ask for the update permission\. Then run probuilder-setup rotate signing-secret again/,
    );
    expect(kube.writes).not.toContain('restartDeployment pro-builder');
  });

  it('fails with a next step when the rollout does not finish, and reports a stopped watch apart', async () => {
    const { kube, plan } = await planFor('signing-secret', '0.6.10');
    const timedOut = async (): Promise<RolloutOutcome> => ({
      ok: false,
      timedOut: true,
      warnings: [],
      progress: { desired: 1, updated: 1, available: 0, message: '0 of 1 pods available' },
    });
    const slow = await rotateSigningSecret(plan, signingDeps(kube, { rollout: { timeoutMs: 2000 }, waitForRollout: timedOut }));
    expect(slow.ok).toBe(false);
    expect(slow.error).toEqual({
      message: 'The new pods did not become available within 2s (0 of 1 pods available).',
      nextStep: 'Run probuilder-setup doctor -n openfaas to see why.',
    });
    const abort = new AbortController();
    abort.abort();
    const stopped = await rotateSigningSecret(
      plan,
      signingDeps(kube, {
        rollout: { timeoutMs: 2000, signal: abort.signal },
        waitForRollout: async () => ({ ok: false, timedOut: false, warnings: [] }),
      }),
    );
    expect(stopped).toMatchObject({ ok: false, watchStopped: true, error: undefined });
    expect(rotationSummary(plan, stopped)[0]).toMatch(/stopped watching the rollout/);
  });
});

describe('rotateCertificates', () => {
  let oldSet: CertificateSet;
  let newSet: CertificateSet;
  beforeAll(async () => {
    [oldSet, newSet] = await Promise.all([generateCertificateSet(), generateCertificateSet()]);
  });

  async function certCluster() {
    const r = await planFor('certs', '0.4.19');
    const data = certSecretData(oldSet);
    r.kube.secrets.set('openfaas/buildkit-daemon-certs', {
      ...secretManifest(SECRET_NAMES.daemonCerts, 'openfaas', data.daemon),
      metadata: { name: SECRET_NAMES.daemonCerts, resourceVersion: '5' },
    });
    r.kube.secrets.set('openfaas/buildkit-client-certs', {
      ...secretManifest(SECRET_NAMES.clientCerts, 'openfaas', data.client),
      metadata: { name: SECRET_NAMES.clientCerts, resourceVersion: '6' },
    });
    return r;
  }

  /** A certificate rotation to newSet whose rollout finishes; `deps` changes any of it. */
  function certDeps(kube: CertRotationDeps['kube'], deps: Partial<CertRotationDeps> = {}): CertRotationDeps {
    return { kube, makeCertificates: async () => newSet, rollout: { timeoutMs: 1000 }, waitForRollout: rolledOut, ...deps };
  }

  it('replaces both secrets with one new CA, writes the files, restarts, and the audit passes', async () => {
    const { kube, dir, plan } = await certCluster();
    const result = await rotateCertificates(plan, certDeps(kube));
    expect(result.error).toBeUndefined();
    expect(result.ok).toBe(true);
    expect(result.audit?.filter((f) => f.severity === 'fail')).toEqual([]);
    const daemon = decodeSecretData(kube.secrets.get('openfaas/buildkit-daemon-certs')!);
    const client = decodeSecretData(kube.secrets.get('openfaas/buildkit-client-certs')!);
    expect(daemon['ca.crt']!.toString()).toBe(newSet.caCert);
    expect(client['ca.crt']!.toString()).toBe(newSet.caCert);
    expect(client['client.key']!.toString()).toBe(newSet.clientKey);
    expect((await stat(join(dir, 'certs', 'server.key'))).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'certs', 'ca.key'))).mode & 0o777).toBe(0o600);
    expect(await readFile(join(dir, 'certs', 'ca.crt'), 'utf8')).toBe(newSet.caCert);
    const backups = await readdir(join(dir, 'backups'));
    expect(backups.filter((b) => b.startsWith('secret-buildkit-'))).toHaveLength(2);
    expect(kube.writes).toEqual([
      'replaceSecret buildkit-daemon-certs',
      'replaceSecret buildkit-client-certs',
      'restartDeployment pro-builder',
    ]);
    const text = JSON.stringify(result) + rotationSummary(plan, result).join('\n');
    expect(text).not.toContain('PRIVATE KEY');
  });

  it('a run killed between the two secret writes leaves a state that the next run finishes with one CA', async () => {
    const { kube, helm, dir, plan } = await certCluster();
    const replace = kube.replaceSecret.bind(kube);
    // The process dies while the second write is in flight: that request never answers, nothing after it runs.
    kube.replaceSecret = (ns, secret) =>
      secret.metadata?.name === SECRET_NAMES.clientCerts ? new Promise<never>(() => {}) : replace(ns, secret);
    void rotateCertificates(plan, certDeps(kube));
    const caOf = (name: string) => decodeSecretData(kube.secrets.get(`openfaas/${name}`)!)['ca.crt']!.toString();
    await vi.waitFor(() => expect(caOf(SECRET_NAMES.daemonCerts)).toBe(newSet.caCert), { timeout: 10_000 });
    expect(caOf(SECRET_NAMES.clientCerts)).toBe(oldSet.caCert);

    // The next run is a new process: it reads the cluster again and replaces both.
    kube.replaceSecret = replace;
    const again = await planOn({ kube, helm }, 'certs', dir);
    const thirdSet = await generateCertificateSet();
    const result = await rotateCertificates(again, certDeps(kube, { makeCertificates: async () => thirdSet }));
    expect(result.error).toBeUndefined();
    expect(result.ok).toBe(true);
    expect([caOf(SECRET_NAMES.daemonCerts), caOf(SECRET_NAMES.clientCerts)]).toEqual([thirdSet.caCert, thirdSet.caCert]);
  });

  it('puts the first secret back when the second cannot be written, so the two never disagree', async () => {
    const { kube, plan } = await certCluster();
    kube.failures.set(
      'replaceSecret buildkit-client-certs',
      new KubeError('forbidden', 'You may not update secret openfaas/buildkit-client-certs.', 'Ask for the update permission.', 403),
    );
    const result = await rotateCertificates(plan, certDeps(kube));
    expect(result.ok).toBe(false);
    expect(result.error?.message).toMatch(/buildkit-daemon-certs was put back as it was/);
    expect(decodeSecretData(kube.secrets.get('openfaas/buildkit-daemon-certs')!)['ca.crt']!.toString()).toBe(oldSet.caCert);
    expect(kube.writes).not.toContain('restartDeployment pro-builder');
  });

  it('when the first secret was new, the undo deletes only the one it made, never one made again since (uid precondition)', async () => {
    const { kube, plan } = await certCluster();
    kube.secrets.delete('openfaas/buildkit-daemon-certs');
    const replace = kube.replaceSecret.bind(kube);
    kube.replaceSecret = async (ns, secret) => {
      if (secret.metadata?.name !== SECRET_NAMES.clientCerts) return replace(ns, secret);
      // While the second write is refused, someone deletes and makes the daemon secret again.
      kube.secrets.set('openfaas/buildkit-daemon-certs', {
        ...secretManifest(SECRET_NAMES.daemonCerts, 'openfaas', certSecretData(oldSet).daemon),
        metadata: { name: SECRET_NAMES.daemonCerts, uid: 'someone-elses' },
      });
      throw new KubeError('forbidden', 'You may not update secret openfaas/buildkit-client-certs.', 'Ask for the update permission.', 403);
    };
    const result = await rotateCertificates(plan, certDeps(kube));
    expect(result.ok).toBe(false);
    expect(result.error?.message).toMatch(/buildkit-daemon-certs was changed by someone else after this rotation wrote it/);
    expect(kube.secrets.get('openfaas/buildkit-daemon-certs')?.metadata?.uid).toBe('someone-elses');
  });

  it('fails when the audit of what the cluster holds finds a problem', async () => {
    const { kube, plan } = await certCluster();
    // Something swaps the client secret back to the old set between the write and the audit.
    const wait = async (): Promise<RolloutOutcome> => {
      kube.secrets.set('openfaas/buildkit-client-certs', {
        ...secretManifest(SECRET_NAMES.clientCerts, 'openfaas', certSecretData(oldSet).client),
      });
      return rolledOut();
    };
    const result = await rotateCertificates(plan, certDeps(kube, { waitForRollout: wait }));
    expect(result.ok).toBe(false);
    expect(result.audit?.some((f) => f.code === 'ca-mismatch' && f.severity === 'fail')).toBe(true);
    expect(result.steps.find((s) => s.id === 'audit')?.status).toBe('done');
  });
});
