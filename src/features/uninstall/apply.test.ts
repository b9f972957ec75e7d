import type { V1Secret } from '@kubernetes/client-node';
import { mkdtemp, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { existsSync, lstatSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { KubeError } from '../../platform/kube/errors.js';
import type { StepEvent } from '../../shared/steps/stepEvent.js';
import { applyUninstallPlan } from './apply.js';
import { ReleaseHelm } from '../../shared/testing/fakes.js';
import { FakeKube } from '../../platform/testing/fakeKube.js';
import { buildUninstallPlan, type UninstallSelection } from './plan.js';
import { handMadeSecret, installedSnapshot } from './plan.testkit.js';
import { INSTALL_LOCAL_FILES, readUninstallSnapshot } from './snapshot.js';
import { formatUninstallPlan, uninstallSummary } from './report.js';

async function siteWithFiles(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'pbs-uninstall-'));
  await mkdir(join(dir, 'certs'));
  await mkdir(join(dir, 'backups'));
  for (const f of INSTALL_LOCAL_FILES) await writeFile(join(dir, f.relativePath), 'x', { mode: 0o600 });
  await writeFile(join(dir, 'backups', 'secret-payload-secret.yaml.bak-1'), 'x');
  return dir;
}

async function setup(selection: UninstallSelection = {}, edit?: (kube: FakeKube) => void, chartVersion = '0.4.19') {
  const dir = await siteWithFiles();
  const kube = new FakeKube().load(installedSnapshot());
  edit?.(kube);
  const helm = new ReleaseHelm({ chartVersion });
  const read = () => readUninstallSnapshot(kube, helm, { namespace: 'openfaas', release: 'pro-builder', outputDir: dir });
  const plan = buildUninstallPlan(await read(), selection);
  return { dir, kube, helm, plan, read };
}

describe('readUninstallSnapshot', () => {
  it('reads the release through helm get metadata, the secrets, and which files exist', async () => {
    const { dir, helm, read } = await setup();
    const s = await read();
    expect(s.helmRelease).toMatchObject({ chartName: 'pro-builder', chartVersion: '0.4.19' });
    expect(helm.runs[0]!.slice(0, 3)).toEqual(['get', 'metadata', 'pro-builder']);
    expect(Object.keys(s.secrets).sort()).toEqual(['clientCerts', 'daemonCerts', 'license', 'payload', 'registry']);
    expect(s.files.every((f) => f.exists && f.path.startsWith(dir))).toBe(true);
    expect(s.backupCount).toBe(1);
  });

  it('does not ask helm about a namespace that does not exist', async () => {
    const helm = new ReleaseHelm({});
    const s = await readUninstallSnapshot(new FakeKube(), helm, {
      namespace: 'nowhere',
      release: 'pro-builder',
      outputDir: '/nonexistent',
    });
    expect(s.namespaceExists).toBe(false);
    expect(helm.runs).toEqual([]);
    expect(s.files.every((f) => !f.exists)).toBe(true);
  });

  it('turns a helm failure other than "not found" into a HelmError with a next step', async () => {
    const kube = new FakeKube().load(installedSnapshot());
    const helm = new ReleaseHelm();
    helm.run = async () => ({ exitCode: 1, stdout: '', stderr: 'Error: Kubernetes cluster unreachable' });
    await expect(
      readUninstallSnapshot(kube, helm, { namespace: 'openfaas', release: 'pro-builder', outputDir: '/x' }),
    ).rejects.toMatchObject({
      name: 'HelmError',
      nextStep: expect.stringMatching(/helm list -n openfaas/),
    });
  });
});

describe('applyUninstallPlan', () => {
  it('uninstalls the release first, deletes the chosen objects, keeps the rest, and reports each', async () => {
    const { kube, helm, plan } = await setup();
    const events: StepEvent[] = [];
    const result = await applyUninstallPlan(plan, { kube, helm, onStep: (e) => events.push(e) });
    expect(result.ok).toBe(true);
    expect(helm.runs.at(-1)!.slice(0, 2)).toEqual(['uninstall', 'pro-builder']);
    expect(events[0]).toMatchObject({ id: 'release/pro-builder', status: 'running' });
    expect(kube.writes).toEqual([
      'deleteSecret registry-secret',
      'deleteSecret payload-secret',
      'deleteSecret buildkit-daemon-certs',
      'deleteSecret buildkit-client-certs',
      'deleteServiceAccount pro-builder-ecr',
    ]);
    expect([...kube.secrets.keys()]).toEqual(['openfaas/openfaas-license']);
    expect(kube.namespaces.has('openfaas')).toBe(true);
    expect(result.outcomes.filter((o) => o.outcome === 'kept').map((o) => o.id)).toEqual(
      expect.arrayContaining(['secret/openfaas-license', 'namespace/openfaas', 'file/payload.txt']),
    );
    const summary = uninstallSummary(plan, result).join('\n');
    expect(summary).toMatch(/^Removed the pro-builder from kind-builders\/openfaas\./);
    expect(summary).toMatch(/Kept secret\/openfaas-license: other OpenFaaS components use it/);
  });

  it("points every helm call at the confirmed context and kubeconfig, never at helm's own current context", async () => {
    const { kube, helm, plan } = await setup();
    await applyUninstallPlan(plan, { kube, helm });
    expect(helm.runs.map((r) => r[0])).toEqual(['get', 'uninstall']);
    for (const args of helm.runs) {
      expect(args[args.indexOf('--kube-context') + 1]).toBe(kube.target.contextName);
      expect(args[args.indexOf('--kubeconfig') + 1]).toBe(kube.target.kubeconfigFile);
    }
  });

  it('after a ttl.sh install, does not call the ECR-only objects it never made "already gone"', async () => {
    const { kube, helm, plan } = await setup({}, (k) => k.serviceAccounts.clear());
    const result = await applyUninstallPlan(plan, { kube, helm });
    expect(result.ok).toBe(true);
    const summary = uninstallSummary(plan, result).join('\n');
    expect(summary).not.toMatch(/Already gone/);
    expect(summary).not.toContain('aws-ecr-credentials');
    expect(summary).not.toContain('pro-builder-ecr');
    expect(plan.items.find((i) => i.id === 'serviceaccount/pro-builder-ecr')?.reason).toBe(
      'not there; this service account (IRSA) is made only for Amazon ECR',
    );
  });

  it('after a 0.6 (unix socket) install, does not call the certificate secrets it never made "already gone"', async () => {
    const { kube, helm, plan } = await setup(
      {},
      (k) => {
        k.secrets.delete('openfaas/buildkit-daemon-certs');
        k.secrets.delete('openfaas/buildkit-client-certs');
      },
      '0.6.10',
    );
    const result = await applyUninstallPlan(plan, { kube, helm });
    expect(result.ok).toBe(true);
    const summary = uninstallSummary(plan, result).join('\n');
    expect(summary).not.toMatch(/Already gone/);
    expect(summary).not.toContain('buildkit-daemon-certs');
    expect(plan.items.find((i) => i.id === 'secret/buildkit-client-certs')?.reason).toBe(
      'not there; chart 0.6.10 uses a unix socket to BuildKit, not certificates',
    );
  });

  it('after a 0.4 (mTLS) install, certificate secrets missing are news: "Already gone"', async () => {
    const { kube, helm, plan } = await setup({}, (k) => k.secrets.delete('openfaas/buildkit-daemon-certs'));
    const result = await applyUninstallPlan(plan, { kube, helm });
    expect(uninstallSummary(plan, result).join('\n')).toMatch(/Already gone: secret\/buildkit-daemon-certs\./);
  });

  it('does not delete a secret replaced since the plan was made (uid precondition): it is reported, not removed', async () => {
    let original!: V1Secret;
    const { kube, helm, plan } = await setup({}, (k) => {
      original = k.secrets.get('openfaas/registry-secret')!;
      k.secrets.set('openfaas/registry-secret', { ...original, metadata: { ...original.metadata, uid: 'uid-at-plan-time' } });
    });
    // Deleted and made again by someone else between the review and the apply: a new object, a new uid.
    kube.secrets.set('openfaas/registry-secret', { ...original, metadata: { ...original.metadata, uid: 'someone-elses' } });
    const result = await applyUninstallPlan(plan, { kube, helm });
    expect(result.outcomes.find((o) => o.id === 'secret/registry-secret')?.outcome).toBe('failed');
    expect(kube.secrets.get('openfaas/registry-secret')?.metadata?.uid).toBe('someone-elses');
  });

  it('does not delete a namespace made again since the plan was made (uid precondition): it is reported, not removed', async () => {
    const { kube, helm, plan } = await setup({ removeNamespace: true }, (k) =>
      k.namespaces.set('openfaas', { metadata: { name: 'openfaas', uid: 'ns-at-plan-time' } }),
    );
    expect(plan.items.find((i) => i.kind === 'Namespace')?.uid).toBe('ns-at-plan-time');
    kube.namespaces.set('openfaas', { metadata: { name: 'openfaas', uid: 'made-again' } });
    const result = await applyUninstallPlan(plan, { kube, helm });
    expect(result.outcomes.find((o) => o.id === plan.items.find((i) => i.kind === 'Namespace')!.id)?.outcome).toBe('failed');
    expect(kube.namespaces.get('openfaas')?.metadata?.uid).toBe('made-again');
  });

  it('is a no-op on a second run: everything already gone, no writes, success', async () => {
    const { kube, helm, plan, read } = await setup();
    await applyUninstallPlan(plan, { kube, helm });
    const writesBefore = kube.writes.length;
    const again = buildUninstallPlan(await read());
    const result = await applyUninstallPlan(again, { kube, helm });
    expect(result.ok).toBe(true);
    expect(kube.writes.length).toBe(writesBefore);
    expect(result.outcomes.filter((o) => o.outcome === 'removed')).toEqual([]);
    expect(result.steps).toEqual([]);
    expect(result.outcomes.filter((o) => o.outcome === 'already-gone').map((o) => o.id)).toEqual(
      expect.arrayContaining(['release/pro-builder', 'secret/registry-secret', 'serviceaccount/pro-builder-ecr']),
    );
    expect(uninstallSummary(again, result)[0]).toMatch(/^Nothing to remove/);
  });

  it('treats what vanished since the plan was made as already gone', async () => {
    const { kube, helm, plan } = await setup();
    kube.secrets.delete('openfaas/registry-secret');
    helm.release = undefined;
    const result = await applyUninstallPlan(plan, { kube, helm });
    expect(result.ok).toBe(true);
    expect(result.outcomes.find((o) => o.id === 'secret/registry-secret')?.outcome).toBe('already-gone');
    expect(result.outcomes.find((o) => o.id === 'release/pro-builder')?.outcome).toBe('already-gone');
  });

  it('lists the .bak-* copies the install kept beside its files (old keys, old credentials) and removes them with --remove-files', async () => {
    const dir = await siteWithFiles();
    const copies = [
      'payload.txt.bak-2026-01-01T00-00-00-000Z',
      'config.json.bak-2026-01-01T00-00-00-000Z',
      'certs/ca.key.bak-2026-01-01T00-00-00-000Z',
    ];
    for (const c of copies) await writeFile(join(dir, c), 'old', { mode: 0o600 });
    await writeFile(join(dir, 'unrelated.bak-1'), 'not ours');
    const kube = new FakeKube().load(installedSnapshot());
    const helm = new ReleaseHelm({ chartVersion: '0.4.19' });
    const snapshot = await readUninstallSnapshot(kube, helm, { namespace: 'openfaas', release: 'pro-builder', outputDir: dir });
    expect(
      snapshot.files
        .filter((f) => f.relativePath.includes('.bak-'))
        .map((f) => f.relativePath)
        .sort(),
    ).toEqual([...copies].sort());
    const plan = buildUninstallPlan(snapshot, { removeFiles: true });
    const result = await applyUninstallPlan(plan, { kube, helm });
    expect(result.ok).toBe(true);
    for (const c of copies) expect(existsSync(join(dir, c))).toBe(false);
    expect(existsSync(join(dir, 'unrelated.bak-1'))).toBe(true);
  });

  it('lists a FIFO, a folder or a socket where a file belongs as kept with why, never opens or removes it, and exits ok', async () => {
    const dir = await siteWithFiles();
    await rm(join(dir, 'payload.txt'));
    execFileSync('mkfifo', [join(dir, 'payload.txt')]);
    await rm(join(dir, 'certs', 'ca.key'));
    await mkdir(join(dir, 'certs', 'ca.key'));
    execFileSync('mkfifo', [join(dir, 'config.json.bak-2026-01-01T00-00-00-000Z')]);
    await rm(join(dir, 'certs', 'client.key'));
    const socket = createServer();
    await new Promise<void>((resolve) => socket.listen(join(dir, 'certs', 'client.key'), resolve));
    onTestFinished(() => new Promise<void>((resolve) => socket.close(() => resolve())));
    const kube = new FakeKube().load(installedSnapshot());
    const helm = new ReleaseHelm({ chartVersion: '0.4.19' });
    const snapshot = await readUninstallSnapshot(kube, helm, { namespace: 'openfaas', release: 'pro-builder', outputDir: dir });
    expect(snapshot.files.find((f) => f.relativePath === 'payload.txt')).toMatchObject({ exists: true, notRegular: 'a named pipe (FIFO)' });
    const plan = buildUninstallPlan(snapshot, { removeFiles: true });
    const fifo = `${join(dir, 'payload.txt')} is a named pipe (FIFO), not a regular file; it is never removed`;
    const folder = `${join(dir, 'certs', 'ca.key')} is a folder, not a regular file; it is never removed`;
    const bak = `${join(dir, 'config.json.bak-2026-01-01T00-00-00-000Z')} is a named pipe (FIFO), not a regular file; it is never removed`;
    expect(plan.items.find((i) => i.id === 'file/payload.txt')).toMatchObject({ action: 'keep', reason: fifo, selectable: false });
    expect(plan.items.find((i) => i.id === 'file/certs/ca.key')).toMatchObject({ action: 'keep', reason: folder });
    expect(plan.items.find((i) => i.id === 'file/config.json.bak-2026-01-01T00-00-00-000Z')).toMatchObject({ action: 'keep', reason: bak });
    expect(formatUninstallPlan(plan)).toContain(
      `= keep   File ${join(dir, 'payload.txt')} (HMAC signing secret for build clients) — ${fifo}`,
    );

    const result = await applyUninstallPlan(plan, { kube, helm });
    expect(result.ok).toBe(true);
    expect(result.outcomes.find((o) => o.id === 'file/payload.txt')).toMatchObject({ outcome: 'kept', detail: fifo });
    const summary = uninstallSummary(plan, result);
    expect(summary).toContain(`Kept file/payload.txt: ${fifo}.`);
    expect(summary).toContain(`Kept file/certs/ca.key: ${folder}.`);
    expect(summary).toContain(
      `Kept file/certs/client.key: ${join(dir, 'certs', 'client.key')} is a socket, not a regular file; it is never removed.`,
    );
    expect(lstatSync(join(dir, 'certs', 'client.key')).isSocket()).toBe(true);
    expect(lstatSync(join(dir, 'payload.txt')).isFIFO()).toBe(true);
    expect(lstatSync(join(dir, 'certs', 'ca.key')).isDirectory()).toBe(true);
    expect(lstatSync(join(dir, 'config.json.bak-2026-01-01T00-00-00-000Z')).isFIFO()).toBe(true);
    expect(existsSync(join(dir, 'config.json'))).toBe(false);
    expect(existsSync(join(dir, 'certs', 'ca.crt'))).toBe(false);
  });

  it('leaves alone a FIFO put where a file was after the plan was made: kept with why, not removed, not a failure', async () => {
    const { dir, kube, helm, plan } = await setup({ removeFiles: true });
    expect(plan.items.find((i) => i.id === 'file/payload.txt')?.action).toBe('remove');
    await rm(join(dir, 'payload.txt'));
    execFileSync('mkfifo', [join(dir, 'payload.txt')]);
    const result = await applyUninstallPlan(plan, { kube, helm });
    expect(result.ok).toBe(true);
    const fifo = `${join(dir, 'payload.txt')} is a named pipe (FIFO), not a regular file; it is never removed`;
    expect(result.outcomes.find((o) => o.id === 'file/payload.txt')).toMatchObject({ outcome: 'kept', detail: fifo });
    expect(result.steps.find((s) => s.id === 'file/payload.txt')).toMatchObject({ status: 'skipped', detail: fifo });
    expect(uninstallSummary(plan, result)).toContain(`Kept file/payload.txt: ${fifo}.`);
    expect(lstatSync(join(dir, 'payload.txt')).isFIFO()).toBe(true);
  });

  it('deletes chosen local files, removes the emptied certs folder, and never touches backups', async () => {
    const { dir, kube, helm, plan } = await setup({ removeFiles: true });
    const result = await applyUninstallPlan(plan, { kube, helm });
    expect(result.ok).toBe(true);
    expect(existsSync(join(dir, 'payload.txt'))).toBe(false);
    expect(existsSync(join(dir, 'certs'))).toBe(false);
    expect(await readdir(join(dir, 'backups'))).toHaveLength(1);
  });

  it('stops after a failed helm uninstall: no secret of a running release is deleted', async () => {
    const { kube, helm, plan } = await setup();
    helm.uninstallFailure = 'Error: uninstallation completed with 1 error(s): context deadline exceeded\n';
    const result = await applyUninstallPlan(plan, { kube, helm });
    expect(result.ok).toBe(false);
    expect(kube.writes).toEqual([]);
    const failed = result.steps.find((s) => s.id === 'release/pro-builder')!;
    expect(failed).toMatchObject({ status: 'failed', detail: expect.stringMatching(/context deadline exceeded.*run the uninstall again/) });
    expect(result.outcomes.find((o) => o.id === 'secret/payload-secret')?.outcome).toBe('not-attempted');
  });

  it('reports a refused deletion and goes on with the rest', async () => {
    const { kube, helm, plan } = await setup({}, (k) =>
      k.failures.set(
        'deleteSecret payload-secret',
        new KubeError('forbidden', 'You may not delete secret openfaas/payload-secret.', 'Ask for the delete permission.', 403),
      ),
    );
    const result = await applyUninstallPlan(plan, { kube, helm });
    expect(result.ok).toBe(false);
    expect(result.outcomes.find((o) => o.id === 'secret/payload-secret')).toMatchObject({
      outcome: 'failed',
      detail: 'You may not delete secret openfaas/payload-secret. Ask for the delete permission.',
    });
    expect(result.outcomes.find((o) => o.id === 'secret/buildkit-client-certs')?.outcome).toBe('removed');
    expect(uninstallSummary(plan, result)[0]).toMatch(/did not finish: 1 item could not be removed/);
  });

  it('stops before the next removal when asked', async () => {
    const { kube, helm, plan } = await setup();
    let asked = 0;
    const result = await applyUninstallPlan(plan, { kube, helm, shouldStop: () => ++asked > 2 });
    expect(result.stopped).toBe(true);
    expect(result.ok).toBe(false);
    expect(result.outcomes.filter((o) => o.outcome === 'removed').map((o) => o.id)).toEqual([
      'release/pro-builder',
      'secret/registry-secret',
    ]);
    expect(kube.secrets.has('openfaas/payload-secret')).toBe(true);
  });

  it('deletes the namespace last, after the objects in it, when chosen', async () => {
    const { kube, helm, plan } = await setup({ removeNamespace: true, removeLicense: true }, (k) =>
      k.secrets.set('openfaas/aws-ecr-credentials', handMadeSecret('awsCredentials', { x: 'y' })),
    );
    const result = await applyUninstallPlan(plan, { kube, helm });
    expect(result.ok).toBe(true);
    expect(kube.writes.at(-1)).toBe('deleteNamespace openfaas');
    expect(kube.writes).toContain('deleteSecret openfaas-license');
    expect(kube.writes).not.toContain('deleteSecret aws-ecr-credentials');
  });
});
