import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { testPlan, TEST_SECRETS } from '../../../src/features/install/plan.testkit.js';
import { flat, waitFor, waitForFrame } from '../../testing/waitForFrame.js';
import { DoneStep } from './DoneStep.js';

afterEach(() => cleanup());

describe('DoneStep', () => {
  it('says what was created, where payload.txt is and how to call the builder', async () => {
    const onShown = vi.fn();
    const r = render(<DoneStep plan={testPlan()} rollout={{ ok: true, timedOut: false, deploymentName: 'pro-builder', warnings: [] }} onShown={onShown} />);
    const frame = flat(await waitForFrame(r.lastFrame, 'port-forward'));
    expect(frame).toContain('✓ The pro-builder is running in namespace openfaas');
    expect(frame).toContain('Created or updated: secret/openfaas-license, secret/registry-secret, secret/payload-secret.');
    expect(frame).toContain('/work/site/payload.txt');
    expect(frame).toContain('kubectl port-forward -n openfaas deploy/pro-builder 8081:8080');
    expect(frame).toContain('faas-cli publish --remote-builder http://127.0.0.1:8081');
    expect(frame).toContain('X-Build-Signature: sha256=$HMAC');
    for (const s of Object.values(TEST_SECRETS)) expect(frame).not.toContain(s);
    await waitFor(() => onShown.mock.calls.length > 0);
  });
});
