import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { ServicesProvider } from '../../services/ServicesContext.js';
import { fakeServices } from '../../testing/fakes.js';
import { FakeKube } from '../../../src/platform/testing/fakeKube.js';
import { KEY } from '../../testing/keys.js';
import { waitFor, waitForFrame } from '../../testing/waitForFrame.js';
import { existingSecret } from '../../../src/features/install/plan.testkit.js';
import { KubeError } from '../../../src/platform/kube/errors.js';
import { releaseSecret } from '../../../src/platform/helm/testing/releaseSecret.js';
import type { V1Secret } from '@kubernetes/client-node';
import { ClusterStep, type ClusterStepProps } from './ClusterStep.js';

afterEach(() => cleanup());

const flatten = (f: string) => f.replace(/\s+/g, ' ');

function setup(props: Partial<ClusterStepProps> = {}, kube = new FakeKube().addNamespace('openfaas')) {
  const services = fakeServices({ kube });
  const onConfirm = vi.fn();
  const onQuit = vi.fn();
  const r = render(
    <ServicesProvider services={services}>
      <ClusterStep kube={kube} namespace="openfaas" serviceAccount={false} onConfirm={onConfirm} onQuit={onQuit} {...props} />
    </ServicesProvider>,
  );
  return { ...r, kube, onConfirm, onQuit };
}

describe('ClusterStep', () => {
  it('shows context, cluster, server, user, kubeconfig and versions, and defaults to No', async () => {
    const { lastFrame, stdin, onQuit, onConfirm } = setup();
    const frame = await waitForFrame(lastFrame, 'Install into this cluster?');
    for (const text of [
      'kind-builders',
      'https://127.0.0.1:6443',
      'kind-admin',
      '/home/test/.kube/config',
      'v1.31.2',
      'v3.16.2',
      'openfaas (exists)',
    ]) {
      expect(frame).toContain(text);
    }
    expect(frame).toMatch(/❯ No, stop here/);
    stdin.write(KEY.enter);
    await waitFor(() => onQuit.mock.calls.length > 0);
    expect(onQuit).toHaveBeenCalledWith(130, expect.stringContaining('Nothing was changed'));
    expect(onConfirm).not.toHaveBeenCalled();
  });

  it('warns, before anything is sent, when the kubeconfig turns off TLS verification for this cluster', async () => {
    const kube = new FakeKube().addNamespace('openfaas');
    Object.assign(kube, { target: { ...kube.target, insecureSkipTlsVerify: true } });
    const frame = flatten(await waitForFrame(setup({}, kube).lastFrame, 'Install into this cluster?'));
    expect(frame).toContain(
      'WARNING: insecure-skip-tls-verify is set: the server is not verified, yet the license, passwords and keys are sent to it',
    );
    const plain = flatten(await waitForFrame(setup().lastFrame, 'Install into this cluster?'));
    expect(plain).not.toContain('insecure-skip-tls-verify');
  });

  it('on a re-run, says which pro-builder is already deployed in the namespace and its BuildKit mode', async () => {
    const kube = new FakeKube().addNamespace('openfaas');
    kube.secrets.set(
      'openfaas/sh.helm.release.v1.pro-builder.v2',
      releaseSecret({ revision: 2, chartVersion: '0.6.10', config: { buildkit: { rootless: false } } }) as V1Secret,
    );
    const { lastFrame, stdin, onConfirm } = setup({ release: 'pro-builder' }, kube);
    const frame = flatten(await waitForFrame(lastFrame, 'Install into this cluster?'));
    expect(frame).toContain('pro-builder 0.6.10 as release pro-builder, deployed, BuildKit root; this run upgrades it');
    stdin.write(KEY.down);
    await waitForFrame(lastFrame, /❯ Yes/);
    stdin.write(KEY.enter);
    await waitFor(() => onConfirm.mock.calls.length > 0);
    expect(onConfirm.mock.calls[0]![1].release).toMatchObject({ chartVersion: '0.6.10', buildkitMode: 'root' });
  });

  it('confirms with the down arrow and Enter, passing what the cluster already holds', async () => {
    const kube = new FakeKube().addNamespace('openfaas');
    kube.secrets.set('openfaas/openfaas-license', existingSecret('license', { license: 'x'.repeat(12) }));
    const { lastFrame, stdin, onConfirm } = setup({}, kube);
    await waitForFrame(lastFrame, 'Install into this cluster?');
    stdin.write(KEY.down);
    await waitForFrame(lastFrame, /❯ Yes, install into kind-builders/);
    stdin.write(KEY.enter);
    await waitFor(() => onConfirm.mock.calls.length > 0);
    const [ns, facts] = onConfirm.mock.calls[0]!;
    expect(ns).toBe('openfaas');
    expect(facts.license).toEqual({ name: 'openfaas-license', keys: [{ key: 'license', bytes: 12 }] });
    expect(facts.payload).toBeUndefined();
  });

  it('offers to create a missing namespace', async () => {
    const kube = new FakeKube().addNamespace('openfaas');
    kube.namespaces.clear();
    const { lastFrame } = setup({ namespace: 'builders' }, kube);
    const frame = await waitForFrame(lastFrame, 'Install into this cluster?');
    expect(frame).toContain('builders (does not exist yet)');
    expect(frame).toContain('Yes, install into kind-builders and create namespace builders');
  });

  it('switches namespace through a validated field, and Esc leaves the field', async () => {
    const kube = new FakeKube().addNamespace('openfaas');
    kube.addNamespace('ci');
    const { lastFrame, stdin } = setup({}, kube);
    await waitForFrame(lastFrame, 'Install into this cluster?');
    stdin.write(KEY.down);
    await waitForFrame(lastFrame, /❯ Yes/);
    stdin.write(KEY.down);
    await waitForFrame(lastFrame, /❯ Use another namespace/);
    stdin.write(KEY.enter);
    await waitForFrame(lastFrame, 'Namespace:');
    stdin.write(KEY.escape);
    const back = await waitForFrame(lastFrame, 'Install into this cluster?');
    expect(back).not.toContain('Namespace:');
  });

  it('checks the namespace typed in the field and shows it', async () => {
    const kube = new FakeKube().addNamespace('openfaas');
    kube.addNamespace('ci');
    const { lastFrame, stdin } = setup({}, kube);
    await waitForFrame(lastFrame, 'Install into this cluster?');
    stdin.write(KEY.up);
    await waitForFrame(lastFrame, /❯ Use another namespace/);
    stdin.write(KEY.enter);
    // The current namespace is a placeholder, as in every other field: typing replaces it, no erasing first.
    expect(await waitForFrame(lastFrame, 'Namespace: openfaas')).toContain('Leave empty to keep openfaas.');
    stdin.write('ci');
    await waitForFrame(lastFrame, 'Namespace: ci');
    expect(lastFrame()).not.toContain('openfaasci');
    stdin.write(KEY.enter);
    await waitForFrame(lastFrame, 'ci (exists)');
    expect(kube.callLog.some((c) => c.method === 'getNamespace' && c.args[0] === 'ci')).toBe(true);
  });

  it('keeps the namespace when the field is left empty', async () => {
    const { lastFrame, stdin } = setup();
    await waitForFrame(lastFrame, 'Install into this cluster?');
    stdin.write(KEY.up);
    await waitForFrame(lastFrame, /❯ Use another namespace/);
    stdin.write(KEY.enter);
    await waitForFrame(lastFrame, 'Namespace:');
    stdin.write(KEY.enter);
    expect(await waitForFrame(lastFrame, 'Install into this cluster?')).toContain('openfaas (exists)');
  });

  it('refuses an invalid namespace with the validator’s message', async () => {
    const { lastFrame, stdin } = setup();
    await waitForFrame(lastFrame, 'Install into this cluster?');
    stdin.write(KEY.up); // wraps to "Use another namespace"
    await waitForFrame(lastFrame, /❯ Use another namespace/);
    stdin.write(KEY.enter);
    await waitForFrame(lastFrame, 'Namespace:');
    stdin.write('Bad_NS');
    await waitForFrame(lastFrame, 'Bad_NS');
    stdin.write(KEY.enter);
    const frame = await waitForFrame(lastFrame, 'lowercase letters, digits and "-"');
    expect(frame).toContain('Namespace: Bad_NS');
  });

  it('lists denied permissions and stops', async () => {
    const kube = new FakeKube().addNamespace('openfaas');
    kube.denied.add('create secrets');
    const { lastFrame, stdin, onQuit } = setup({}, kube);
    const frame = await waitForFrame(lastFrame, 'may not do everything');
    expect(frame).toContain('× create secrets in namespace openfaas');
    expect(frame).toMatch(/^ {2}Next: /m); // the one error layout (ErrorMessage), indented like every other next step
    expect(frame).toContain('Nothing was changed.');
    stdin.write(KEY.enter);
    await waitFor(() => onQuit.mock.calls.length > 0);
    expect(onQuit).toHaveBeenCalledWith(1);
    expect(kube.writes).toEqual([]);
  });

  it('shows an unreachable cluster as a sentence and a next step, and retries with r', async () => {
    const kube = new FakeKube().addNamespace('openfaas');
    kube.failWith = new KubeError(
      'unreachable',
      'Cannot reach the cluster at https://127.0.0.1:6443 (ECONNREFUSED).',
      'Check that the cluster is running.',
    );
    const { lastFrame, stdin } = setup({}, kube);
    const frame = await waitForFrame(lastFrame, 'Cannot reach the cluster');
    expect(frame).toContain('Next: Check that the cluster is running.');
    kube.failWith = undefined;
    stdin.write('r');
    await waitForFrame(lastFrame, 'Install into this cluster?');
  });

  it('shows a kubeconfig problem', async () => {
    const { lastFrame } = setup({ kube: undefined, kubeError: { message: 'No kubeconfig found.', nextStep: 'Pass --kubeconfig.' } });
    const frame = await waitForFrame(lastFrame, 'No kubeconfig found.');
    expect(frame).toContain('Next: Pass --kubeconfig.');
  });
});
