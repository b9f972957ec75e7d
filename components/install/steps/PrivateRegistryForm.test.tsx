import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ServicesProvider } from '../../services/ServicesContext.js';
import { fakeServices } from '../../testing/fakes.js';
import { KEY } from '../../testing/keys.js';
import { typeAndSubmit } from '../../testing/typing.js';
import { flat, waitFor, waitForFrame } from '../../testing/waitForFrame.js';
import { PrivateRegistryForm } from './PrivateRegistryForm.js';

afterEach(() => cleanup());

const PASSWORD = 'ghp_S3cretT0kenValue';

function setup(initial?: { server?: string; username?: string }) {
  const onDone = vi.fn();
  const onBack = vi.fn();
  const r = render(
    <ServicesProvider services={fakeServices()}>
      <PrivateRegistryForm initial={initial} onDone={onDone} onBack={onBack} />
    </ServicesProvider>,
  );
  return { ...r, onDone, onBack };
}

describe('PrivateRegistryForm', () => {
  it('asks server, user and a masked password, and never draws the password', async () => {
    const r = setup();
    await waitForFrame(r.lastFrame, 'Registry server:');
    await typeAndSubmit(r, 'ghcr.io');
    await waitForFrame(r.lastFrame, 'User name:');
    await typeAndSubmit(r, 'octocat');
    // The hint says what the screen does: asterisks are drawn, the characters are not.
    expect(await waitForFrame(r.lastFrame, 'Password or token:')).toContain('Shown as * while you type.');
    await typeAndSubmit(r, PASSWORD, { masked: true });
    await waitFor(() => r.onDone.mock.calls.length > 0);
    expect(r.onDone).toHaveBeenCalledWith({ kind: 'private', server: 'ghcr.io', username: 'octocat', password: PASSWORD });
    expect(r.frames.join('\n')).not.toContain(PASSWORD);
    expect(r.frames.join('\n')).toContain('*'.repeat(PASSWORD.length));
  });

  it('warns that a loopback registry is the pod’s own loopback', async () => {
    const r = setup();
    await waitForFrame(r.lastFrame, 'Registry server:');
    await typeAndSubmit(r, '127.0.0.1:5000');
    const frame = flat(await waitForFrame(r.lastFrame, 'User name:'));
    expect(frame).toContain('! 127.0.0.1:5000 is a loopback address: inside the pro-builder Pod it means the Pod itself');
  });

  it('refuses a server that is not reached over https', async () => {
    const r = setup();
    await waitForFrame(r.lastFrame, 'Registry server:');
    await typeAndSubmit(r, 'http://example.com');
    await waitForFrame(r.lastFrame, 'registries are reached over https');
    expect(r.lastFrame()).toContain('Registry server:');
  });

  it('Esc goes back one field, then leaves the form', async () => {
    const r = setup({ server: 'registry.example.com' });
    await waitForFrame(r.lastFrame, 'Registry server: registry.example.com');
    r.stdin.write(KEY.enter);
    await waitForFrame(r.lastFrame, 'User name:');
    expect(r.lastFrame()).toContain('Registry server: registry.example.com');
    r.stdin.write('bad:name');
    await waitForFrame(r.lastFrame, 'bad:name');
    r.stdin.write(KEY.enter);
    await waitForFrame(r.lastFrame, 'must not contain ":"');
    r.stdin.write(KEY.escape);
    await waitForFrame(r.lastFrame, (f) => f.includes('Registry server: registry.example.com') && !f.includes('User name:'));
    r.stdin.write(KEY.escape);
    await waitFor(() => r.onBack.mock.calls.length > 0);
  });
});
