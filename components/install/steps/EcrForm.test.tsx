import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseAwsCredentialsIni } from '../../../src/shared/registry/index.js';
import { ServicesProvider } from '../../services/ServicesContext.js';
import { fakeServices } from '../../testing/fakes.js';
import { KEY } from '../../testing/keys.js';
import { clearField, typeAndSubmit } from '../../testing/typing.js';
import { waitFor, waitForFrame } from '../../testing/waitForFrame.js';
import { EcrForm } from './EcrForm.js';

afterEach(() => cleanup());

const KEY_ID = 'AKIAIOSFODNN7EXAMPLE';
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

function setup(initial?: { accountId?: string; region?: string }) {
  const onDone = vi.fn();
  const onBack = vi.fn();
  const r = render(
    <ServicesProvider services={fakeServices()}>
      <EcrForm initial={initial} onDone={onDone} onBack={onBack} />
    </ServicesProvider>,
  );
  return { ...r, onDone, onBack };
}

/** Enter on the account id and the region given as initial answers, up to the access key id question. */
async function acceptLocation(r: ReturnType<typeof setup>) {
  await waitForFrame(r.lastFrame, 'AWS account id: 123456789012');
  r.stdin.write(KEY.enter);
  await waitForFrame(r.lastFrame, 'AWS region: eu-west-1');
  r.stdin.write(KEY.enter);
}

describe('EcrForm', () => {
  it('validates the account id and the region as they are submitted', async () => {
    const r = setup();
    await waitForFrame(r.lastFrame, 'AWS account id:');
    await typeAndSubmit(r, '12345');
    await waitForFrame(r.lastFrame, 'has 5 digits but must have exactly 12');
    // After a refused submit, the message follows the typing.
    r.stdin.write('6789012');
    await waitForFrame(r.lastFrame, (f) => f.includes('123456789012') && !f.includes('digits but must'));
    r.stdin.write(KEY.enter);
    await waitForFrame(r.lastFrame, 'AWS region:');
    await typeAndSubmit(r, 'us-east');
    await waitForFrame(r.lastFrame, 'has no number at the end');
    expect(r.onDone).not.toHaveBeenCalled();
  });

  it('builds the credentials file from a key id and a masked secret key', async () => {
    const r = setup({ accountId: '123456789012', region: 'eu-west-1' });
    await acceptLocation(r);
    await waitForFrame(r.lastFrame, 'Registry: 123456789012.dkr.ecr.eu-west-1.amazonaws.com');
    await typeAndSubmit(r, KEY_ID);
    await waitForFrame(r.lastFrame, 'AWS secret access key:');
    await typeAndSubmit(r, SECRET, { masked: true });
    await waitFor(() => r.onDone.mock.calls.length > 0);
    const answer = r.onDone.mock.calls[0]![0];
    expect(answer).toMatchObject({ kind: 'ecr', accountId: '123456789012', region: 'eu-west-1' });
    const ini = parseAwsCredentialsIni(answer.credentialsIni);
    expect(ini.ok && ini.hasDefault).toBe(true);
    expect(r.frames.join('\n')).not.toContain(SECRET);
  });

  it('refuses a secret key pasted into the key id field without echoing it', async () => {
    const r = setup({ accountId: '123456789012', region: 'eu-west-1' });
    await acceptLocation(r);
    await waitForFrame(r.lastFrame, 'AWS access key id:');
    r.stdin.write(SECRET);
    await waitForFrame(r.lastFrame, 'EXAMPLEKEY');
    r.stdin.write(KEY.enter);
    const frame = await waitForFrame(r.lastFrame, 'looks like a secret access key');
    expect(frame.split('looks like')[1]).not.toContain(SECRET);
    await clearField(r, 'AWS access key id', SECRET);
  });

  it('Esc walks back through the fields and then leaves', async () => {
    const r = setup({ accountId: '123456789012' });
    await waitForFrame(r.lastFrame, 'AWS account id: 123456789012');
    r.stdin.write(KEY.enter);
    await waitForFrame(r.lastFrame, 'AWS region:');
    r.stdin.write(KEY.escape);
    await waitForFrame(r.lastFrame, (f) => f.includes('AWS account id: 123456789012') && !f.includes('AWS region:'));
    r.stdin.write(KEY.escape);
    await waitFor(() => r.onBack.mock.calls.length > 0);
  });
});
