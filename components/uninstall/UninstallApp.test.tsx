import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { applyUninstallPlan } from '../../src/features/uninstall/apply.js';
import { ReleaseHelm } from '../../src/shared/testing/fakes.js';
import { FakeKube } from '../../src/platform/testing/fakeKube.js';
import { buildUninstallPlan, type UninstallPlan } from '../../src/features/uninstall/plan.js';
import { handMadeSecret, installedSnapshot, uninstalledSnapshot, UNINSTALL_SECRETS } from '../../src/features/uninstall/plan.testkit.js';
import { KEY } from '../testing/keys.js';
import { waitFor, waitForFrame } from '../testing/waitForFrame.js';
import type { RunUninstall } from './plainUninstall.js';
import { UninstallApp } from './UninstallApp.js';

afterEach(() => cleanup());

function setup(plan: UninstallPlan = buildUninstallPlan(installedSnapshot()), runOverride?: RunUninstall) {
  const snapshot = installedSnapshot();
  const kube = new FakeKube().load(snapshot);
  const helm = new ReleaseHelm({ chartVersion: '0.4.19' });
  const runs: UninstallPlan[] = [];
  const run: RunUninstall =
    runOverride ??
    ((p, hooks) => {
      runs.push(p);
      return applyUninstallPlan(p, { kube, helm, ...hooks, removeFile: async () => true });
    });
  const onExit = vi.fn();
  const r = render(<UninstallApp plan={plan} run={run} onExit={onExit} />);
  return { ...r, kube, onExit, runs };
}

const row = (frame: string, id: string) => frame.split('\n').find((l) => l.includes(id)) ?? '';

describe('UninstallApp checklist', () => {
  it('lists every item with keep, remove or absent and why, the highlight on the first choosable one', async () => {
    const { lastFrame } = setup();
    const frame = await waitForFrame(lastFrame, 'Uninstall the pro-builder');
    expect(frame).toContain('context kind-builders');
    expect(row(frame, 'HelmRelease openfaas/pro-builder')).toMatch(/❯ \[x\] remove/);
    expect(row(frame, 'Secret openfaas/openfaas-license')).toMatch(/\[ \] keep .*other OpenFaaS components use it/);
    expect(row(frame, 'Secret openfaas/aws-ecr-credentials')).toMatch(/·\s+absent Secret openfaas\/aws-ecr-credentials — not there/);
    expect(row(frame, 'payload.txt')).toMatch(/\[ \] keep/);
    expect(row(frame, 'backups')).toMatch(/\[=\] keep/);
    for (const v of Object.values(UNINSTALL_SECRETS)) expect(frame).not.toContain(v);
  });

  it('shows a FIFO where payload.txt belongs as kept, not choosable, with why', async () => {
    const snapshot = installedSnapshot();
    snapshot.files = snapshot.files.map((f) =>
      f.relativePath === 'payload.txt' ? { ...f, bytes: undefined, notRegular: 'a named pipe (FIFO)' } : f,
    );
    const { lastFrame } = setup(buildUninstallPlan(snapshot, { removeFiles: true }));
    const frame = await waitForFrame(lastFrame, 'Uninstall the pro-builder');
    expect(frame.replace(/\s+/g, ' ')).toContain(
      '[=] keep File /work/site/payload.txt — /work/site/payload.txt is a named pipe (FIFO), not a regular file; it is never removed',
    );
    expect(row(frame, 'config.json')).toMatch(/\[x\] remove/);
  });

  it('moves with the arrows, toggles with space, and the confirmation counts the choice', async () => {
    const { lastFrame, stdin } = setup();
    await waitForFrame(lastFrame, 'Uninstall the pro-builder');
    stdin.write(KEY.down);
    await waitForFrame(lastFrame, (f) => row(f, 'Secret openfaas/registry-secret').includes('❯'));
    stdin.write(' ');
    const toggled = await waitForFrame(lastFrame, (f) => /\[ \] keep.*kept by you/.test(row(f, 'Secret openfaas/registry-secret')));
    expect(row(toggled, 'Secret openfaas/registry-secret')).toContain('❯');
    stdin.write(KEY.enter);
    const confirm = await waitForFrame(lastFrame, 'y/N');
    expect(confirm).toContain('Remove 5 objects from kind-builders/openfaas?');
    expect(confirm).not.toContain('- Secret openfaas/registry-secret');
    expect(confirm).toContain('- Secret openfaas/payload-secret');
  });

  it('counts a move and a toggle that arrive, with the Enter, before the screen re-renders', async () => {
    const { lastFrame, stdin } = setup();
    await waitForFrame(lastFrame, 'Uninstall the pro-builder');
    // Three key events back to back, as a fast typist or a terminal replaying input sends them.
    stdin.write(KEY.down);
    stdin.write(' ');
    stdin.write(KEY.enter);
    const confirm = await waitForFrame(lastFrame, 'y/N');
    expect(confirm).toContain('Remove 5 objects from kind-builders/openfaas?');
    expect(confirm).not.toContain('- Secret openfaas/registry-secret');
  });

  it('Esc on the confirmation goes back to the checklist with the choices intact; N does too', async () => {
    const { lastFrame, stdin, runs } = setup();
    await waitForFrame(lastFrame, 'Uninstall the pro-builder');
    stdin.write(' ');
    await waitForFrame(lastFrame, (f) => row(f, 'HelmRelease').includes('[ ] keep'));
    stdin.write(KEY.enter);
    await waitForFrame(lastFrame, 'Remove 5 objects');
    stdin.write(KEY.escape);
    const back = await waitForFrame(lastFrame, 'Uninstall the pro-builder');
    expect(row(back, 'HelmRelease')).toContain('[ ] keep');
    stdin.write(KEY.enter);
    await waitForFrame(lastFrame, 'Remove 5 objects');
    stdin.write('n');
    await waitForFrame(lastFrame, 'Uninstall the pro-builder');
    expect(runs).toEqual([]);
  });

  it('choosing the namespace shows what goes with it, on the checklist and the confirmation', async () => {
    const s = installedSnapshot();
    s.secrets.awsCredentials = handMadeSecret('awsCredentials', { 'aws-ecr-credentials': 'x' });
    const { lastFrame, stdin } = setup(buildUninstallPlan(s));
    await waitForFrame(lastFrame, 'Uninstall the pro-builder');
    // One key per frame: a terminal delivers keys one by one, not as one burst.
    for (let i = 0; i < 20 && !row(lastFrame() ?? '', 'Namespace openfaas').includes('❯'); i++) {
      const before = lastFrame();
      stdin.write(KEY.down);
      await waitForFrame(lastFrame, (f) => f !== before);
    }
    expect(row(lastFrame() ?? '', 'Namespace openfaas')).toContain('❯');
    stdin.write(' ');
    const frame = await waitForFrame(lastFrame, /Deleting namespace openfaas/);
    expect(frame).toMatch(/secret\/aws-ecr-credentials/);
    stdin.write(KEY.enter);
    expect(await waitForFrame(lastFrame, 'y/N')).toMatch(/! Deleting namespace openfaas/);
  });

  it('y removes, shows each step, and ends with the summary and exit 0', async () => {
    const { lastFrame, stdin, onExit, kube, runs } = setup();
    await waitForFrame(lastFrame, 'Uninstall the pro-builder');
    stdin.write(KEY.enter);
    await waitForFrame(lastFrame, 'y/N');
    stdin.write('y');
    const done = await waitForFrame(lastFrame, 'Removed the pro-builder');
    expect(done).toMatch(/✓ Delete secret openfaas\/registry-secret/);
    expect(done).toMatch(/Kept secret\/openfaas-license: other OpenFaaS components use it/);
    await waitFor(() => onExit.mock.calls.length > 0);
    expect(onExit).toHaveBeenCalledWith(0);
    expect(runs).toHaveLength(1);
    expect(kube.secrets.has('openfaas/registry-secret')).toBe(false);
  });

  it('shows a secret the tool never made as kept, on the checklist and in the summary, with why', async () => {
    const plan = buildUninstallPlan(installedSnapshot({ otherSecrets: [{ name: 'webhook-token', type: 'Opaque' }] }));
    const { lastFrame, stdin, kube } = setup(plan);
    const frame = await waitForFrame(lastFrame, 'Uninstall the pro-builder');
    expect(row(frame, 'Secret openfaas/webhook-token')).toMatch(/\[=\] keep .*not made by probuilder-setup/);
    stdin.write(KEY.enter);
    await waitForFrame(lastFrame, 'y/N');
    stdin.write('y');
    const done = await waitForFrame(lastFrame, 'Removed the pro-builder');
    expect(done).toMatch(/Kept secret\/webhook-token: not made by probuilder-setup/);
    expect(kube.writes.join(' ')).not.toContain('webhook-token');
  });

  it('a failed removal ends with exit 1 and the reason', async () => {
    const { lastFrame, stdin, onExit, kube } = setup();
    kube.failures.set(
      'deleteSecret payload-secret',
      Object.assign(new Error('You may not delete secret openfaas/payload-secret.'), { nextStep: 'Ask for it.' }),
    );
    await waitForFrame(lastFrame, 'Uninstall the pro-builder');
    stdin.write(KEY.enter);
    await waitForFrame(lastFrame, 'y/N');
    stdin.write('y');
    await waitForFrame(lastFrame, 'did not finish');
    await waitFor(() => onExit.mock.calls.length > 0);
    expect(onExit).toHaveBeenCalledWith(1);
    expect(lastFrame()).toMatch(/× Delete secret openfaas\/payload-secret — You may not delete/);
  });

  it('Ctrl+C or Esc before the confirmation quits with 130 and changes nothing', async () => {
    for (const key of [KEY.ctrlC, KEY.escape]) {
      const { lastFrame, stdin, onExit, runs } = setup();
      await waitForFrame(lastFrame, 'Uninstall the pro-builder');
      stdin.write(key);
      await waitForFrame(lastFrame, 'Cancelled. Nothing was changed.');
      expect(onExit).toHaveBeenCalledWith(130);
      expect(runs).toEqual([]);
      cleanup();
    }
  });

  it('Ctrl+C during the removals stops after the one in progress, with exit 130', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const kube = new FakeKube().load(installedSnapshot());
    const helm = new ReleaseHelm({ chartVersion: '0.4.19' });
    const slowHelm = {
      ...helm,
      bin: 'helm',
      version: () => helm.version(),
      run: async (a: string[], o?: object) => (await gate, helm.run(a, o)),
    };
    const run: RunUninstall = (p, hooks) => applyUninstallPlan(p, { kube, helm: slowHelm, ...hooks });
    const { lastFrame, stdin, onExit } = setup(undefined, run);
    await waitForFrame(lastFrame, 'Uninstall the pro-builder');
    stdin.write(KEY.enter);
    await waitForFrame(lastFrame, 'y/N');
    stdin.write('y');
    await waitForFrame(lastFrame, 'Uninstall helm release');
    stdin.write(KEY.ctrlC);
    await waitForFrame(lastFrame, 'Stopping after the current step');
    release();
    await waitForFrame(lastFrame, 'Stopped before every item was removed');
    await waitFor(() => onExit.mock.calls.length > 0);
    expect(onExit).toHaveBeenCalledWith(130);
    expect(kube.writes).toEqual([]);
  });

  it('Enter with nothing to remove ends at once with exit 0', async () => {
    const { lastFrame, stdin, onExit, runs } = setup(buildUninstallPlan(uninstalledSnapshot()));
    await waitForFrame(lastFrame, 'Uninstall the pro-builder');
    stdin.write(KEY.enter);
    await waitForFrame(lastFrame, 'Nothing to remove');
    expect(onExit).toHaveBeenCalledWith(0);
    expect(runs).toEqual([]);
  });
});
