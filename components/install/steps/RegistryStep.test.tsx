import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ServicesProvider } from '../../services/ServicesContext.js';
import { fakeServices } from '../../testing/fakes.js';
import { KEY } from '../../testing/keys.js';
import { waitFor, waitForFrame } from '../../testing/waitForFrame.js';
import { RegistryStep, type RegistryPrefill } from './RegistryStep.js';

afterEach(() => cleanup());

function setup(prefill?: RegistryPrefill) {
  const onAnswer = vi.fn();
  const onBack = vi.fn();
  const r = render(
    <ServicesProvider services={fakeServices()}>
      <RegistryStep prefill={prefill} namespace="openfaas" onAnswer={onAnswer} onBack={onBack} />
    </ServicesProvider>,
  );
  return { ...r, onAnswer, onBack };
}

describe('RegistryStep', () => {
  it('lists the registry kinds; Enter on ttl.sh answers at once', async () => {
    const r = setup();
    const frame = await waitForFrame(r.lastFrame, 'Which registry');
    for (const label of ['ttl.sh', 'A private registry', 'Import a Docker config.json', 'Amazon ECR with an access key', 'Amazon ECR with IRSA']) {
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

  it('opens the form a flag chose, pre-filled with the flags given', async () => {
    const r = setup({ kind: 'ecr-irsa', accountId: '123456789012', region: 'eu-west-1' });
    await waitForFrame(r.lastFrame, 'AWS account id: 123456789012');
    expect(r.lastFrame()).toContain('Amazon ECR with IRSA');
  });
});
