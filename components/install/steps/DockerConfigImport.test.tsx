import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ServicesProvider } from '../../services/ServicesContext.js';
import { fakeFiles, fakeServices } from '../../testing/fakes.js';
import { KEY } from '../../testing/keys.js';
import { typeAndSubmit } from '../../testing/typing.js';
import { flat, waitFor, waitForFrame } from '../../testing/waitForFrame.js';
import { DockerConfigImport } from './DockerConfigImport.js';

afterEach(() => cleanup());

const AUTH = Buffer.from('octo:pa55word-value').toString('base64');
const GOOD = JSON.stringify({ auths: { 'ghcr.io': { auth: AUTH } } });
const DESKTOP = JSON.stringify({ auths: { 'ghcr.io': {} }, credsStore: 'desktop' });

function setup(initialPath?: string) {
  const files = fakeFiles({ '/home/test/.docker/config.json': DESKTOP, '/work/credentials/config.json': GOOD });
  const onDone = vi.fn();
  const onBack = vi.fn();
  const r = render(
    <ServicesProvider services={fakeServices({ files })}>
      <DockerConfigImport initialPath={initialPath} onDone={onDone} onBack={onBack} />
    </ServicesProvider>,
  );
  return { ...r, onDone, onBack };
}

describe('DockerConfigImport', () => {
  it('refuses a file whose credentials live in a credential store, saying why', async () => {
    const r = setup();
    await waitForFrame(r.lastFrame, 'config.json path: ~/.docker/config.json');
    r.stdin.write(KEY.enter);
    const frame = flat(await waitForFrame(r.lastFrame, 'no such helper'));
    expect(frame).toContain('Docker Desktop credential store');
    expect(frame).toContain('Remove "credsStore"');
    expect(r.onDone).not.toHaveBeenCalled();
  });

  it('accepts a faas-cli credentials file, lists its registries, and never shows the auth', async () => {
    const r = setup('');
    await waitForFrame(r.lastFrame, 'config.json path:');
    await typeAndSubmit(r, '/work/credentials/config.json');
    const frame = await waitForFrame(r.lastFrame, 'Use this file');
    expect(frame).toContain('written by faas-cli');
    expect(frame).toContain('ghcr.io');
    r.stdin.write(KEY.enter);
    await waitFor(() => r.onDone.mock.calls.length > 0);
    expect(r.onDone).toHaveBeenCalledWith({ kind: 'docker-config', path: '/work/credentials/config.json', text: GOOD });
    expect(r.frames.join('\n')).not.toContain(AUTH);
  });

  it('"Choose another file" and Esc return to the path; Esc there leaves', async () => {
    const r = setup('/work/credentials');
    await waitForFrame(r.lastFrame, 'config.json path: /work/credentials');
    r.stdin.write(KEY.enter);
    await waitForFrame(r.lastFrame, 'Use this file');
    r.stdin.write(KEY.down);
    await waitForFrame(r.lastFrame, '❯ Choose another file');
    r.stdin.write(KEY.enter);
    await waitForFrame(r.lastFrame, 'config.json path: /work/credentials');
    r.stdin.write(KEY.enter);
    await waitForFrame(r.lastFrame, 'Use this file');
    r.stdin.write(KEY.escape);
    await waitForFrame(r.lastFrame, 'config.json path:');
    r.stdin.write(KEY.escape);
    await waitFor(() => r.onBack.mock.calls.length > 0);
  });
});
