import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ServicesProvider } from '../../services/ServicesContext.js';
import { fakeServices } from '../../testing/fakes.js';
import { KEY } from '../../testing/keys.js';
import { waitFor, waitForFrame } from '../../testing/waitForFrame.js';
import type { RecoveredRegistry } from '../../../src/shared/registry/recover.js';
import { RegistryStep, type RegistryPrefill } from './RegistryStep.js';

afterEach(() => cleanup());

function setup(prefill?: RegistryPrefill, current?: RecoveredRegistry) {
  const onAnswer = vi.fn();
  const onBack = vi.fn();
  const r = render(
    <ServicesProvider services={fakeServices()}>
      <RegistryStep prefill={prefill} current={current} namespace="openfaas" onAnswer={onAnswer} onBack={onBack} />
    </ServicesProvider>,
  );
  return { ...r, onAnswer, onBack };
}

describe('RegistryStep', () => {
  it('lists the registry kinds; Enter on ttl.sh answers at once', async () => {
    const r = setup();
    const frame = await waitForFrame(r.lastFrame, 'Which registry');
    for (const label of [
      'ttl.sh',
      'A private registry',
      'Import a Docker config.json',
      'Amazon ECR with an access key',
      'Amazon ECR with IRSA',
      'Amazon ECR with EKS Pod Identity',
    ]) {
      expect(frame).toContain(label);
    }
    r.stdin.write(KEY.enter);
    await waitFor(() => r.onAnswer.mock.calls.length > 0);
    expect(r.onAnswer).toHaveBeenCalledWith({ kind: 'ttlsh' });
  });

  it('opens the chosen form; Esc there returns to the list, Esc again goes back a step', async () => {
    const r = setup();
    await waitForFrame(r.lastFrame, 'Which registry');
    r.stdin.write(KEY.down);
    await waitForFrame(r.lastFrame, '❯ A private registry');
    r.stdin.write(KEY.enter);
    await waitForFrame(r.lastFrame, 'Registry server:');
    r.stdin.write(KEY.escape);
    await waitForFrame(r.lastFrame, 'Which registry');
    expect(r.onBack).not.toHaveBeenCalled();
    r.stdin.write(KEY.escape);
    await waitFor(() => r.onBack.mock.calls.length > 0);
  });

  it('--registry ecr-pod-identity opens the Pod Identity form with the cluster name given', async () => {
    const r = setup({
      kind: 'ecr-pod-identity',
      accountId: '123456789012',
      region: 'eu-west-1',
      roleArn: 'arn:aws:iam::123456789012:role/pb',
      clusterName: 'prod-eu',
    });
    expect(await waitForFrame(r.lastFrame, 'AWS account id: 123456789012')).toContain('Amazon ECR with EKS Pod Identity');
    for (const field of ['AWS region: eu-west-1', 'IAM role ARN: arn:aws:iam::123456789012:role/pb', 'EKS cluster name: prod-eu']) {
      r.stdin.write(KEY.enter);
      await waitForFrame(r.lastFrame, field);
    }
  });

  it('opens the form a flag chose, pre-filled with the flags given', async () => {
    const r = setup({ kind: 'ecr-irsa', accountId: '123456789012', region: 'eu-west-1' });
    await waitForFrame(r.lastFrame, 'AWS account id: 123456789012');
    expect(r.lastFrame()).toContain('Amazon ECR with IRSA');
  });

  it("highlights the current install's registry and fills its form, without opening it", async () => {
    const r = setup(undefined, { kind: 'private', server: 'ghcr.io', username: 'alice' });
    const frame = await waitForFrame(r.lastFrame, 'Which registry');
    expect(frame).toMatch(/❯ A private registry.*in use now: ghcr\.io/);
    r.stdin.write(KEY.enter);
    await waitForFrame(r.lastFrame, 'Registry server: ghcr.io');
    r.stdin.write(KEY.enter);
    await waitForFrame(r.lastFrame, 'alice');
    expect(r.onAnswer).not.toHaveBeenCalled();
  });

  it('lets flags win over the current install: a flag-chosen kind opens, flag values fill first', async () => {
    const r = setup(
      { kind: 'ecr', region: 'us-east-1' },
      { kind: 'ecr-irsa', accountId: '123456789012', region: 'eu-west-1', roleArn: 'arn:aws:iam::123456789012:role/x' },
    );
    await waitForFrame(r.lastFrame, 'AWS account id: 123456789012');
    r.stdin.write(KEY.enter);
    expect(await waitForFrame(r.lastFrame, 'us-east-1')).not.toContain('eu-west-1');
  });
});
