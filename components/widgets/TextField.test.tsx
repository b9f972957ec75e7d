import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { accept, reject, validateAwsAccountId } from '../../src/platform/validate/index.js';
import { KEY } from '../testing/keys.js';
import { renderAt } from '../testing/renderAt.js';
import { typeAndSubmit } from '../testing/typing.js';
import { waitFor, waitForFrame } from '../testing/waitForFrame.js';
import { TextField } from './TextField.js';

afterEach(() => cleanup());

describe('TextField', () => {
  it('shows the validator’s message under the field and never submits invalid input', async () => {
    const onSubmit = vi.fn();
    const r = render(<TextField label="AWS account id" hint="12 digits" validate={validateAwsAccountId} onSubmit={onSubmit} />);
    expect(await waitForFrame(r.lastFrame, 'AWS account id:')).toContain('12 digits');
    await typeAndSubmit(r, '12345');
    const frame = await waitForFrame(r.lastFrame, 'has 5 digits but must have exactly 12');
    expect(frame).not.toContain('12 digits\n');
    expect(onSubmit).not.toHaveBeenCalled();
    r.stdin.write('6789012');
    await waitForFrame(r.lastFrame, (f) => !f.includes('has 5 digits'));
    r.stdin.write(KEY.enter);
    await waitFor(() => onSubmit.mock.calls.length > 0);
    expect(onSubmit).toHaveBeenCalledWith('123456789012', '123456789012');
  });

  it('masks input: only asterisks are drawn', async () => {
    const onSubmit = vi.fn();
    const r = render(<TextField label="Password" mask validate={(s) => (s ? accept(s) : reject('empty'))} onSubmit={onSubmit} />);
    await waitForFrame(r.lastFrame, 'Password:');
    await typeAndSubmit(r, 'hunter2', { masked: true });
    await waitFor(() => onSubmit.mock.calls.length > 0);
    expect(onSubmit).toHaveBeenCalledWith('hunter2', 'hunter2');
    expect(r.frames.join('\n')).not.toContain('hunter2');
  });

  it('runs async checks on Enter only, showing that it is checking', async () => {
    let finish!: (v: ReturnType<typeof accept<string>>) => void;
    const validate = vi.fn(() => new Promise<ReturnType<typeof accept<string>>>((r) => (finish = r)));
    const onSubmit = vi.fn();
    const r = render(<TextField label="File" validate={validate} onSubmit={onSubmit} />);
    await waitForFrame(r.lastFrame, 'File:');
    r.stdin.write('/a');
    await waitForFrame(r.lastFrame, '/a');
    expect(validate).not.toHaveBeenCalled();
    r.stdin.write(KEY.enter);
    await waitForFrame(r.lastFrame, 'checking…');
    finish(accept('/a'));
    await waitFor(() => onSubmit.mock.calls.length > 0);
  });

  it('edits with the readline keys instead of typing their letters', async () => {
    const onSubmit = vi.fn();
    const r = render(<TextField label="Name" validate={(s) => accept(s)} onSubmit={onSubmit} />);
    await waitForFrame(r.lastFrame, 'Name:');
    r.stdin.write('my registry/path');
    await waitForFrame(r.lastFrame, 'Name: my registry/path');
    r.stdin.write(KEY.ctrlW);
    await waitForFrame(r.lastFrame, (f) => f.includes('Name: my registry/') && !f.includes('path'));
    r.stdin.write(KEY.altBackspace);
    await waitForFrame(r.lastFrame, (f) => f.includes('Name: my registry') && !f.includes('registry/'));
    r.stdin.write(KEY.ctrlA);
    r.stdin.write('the ');
    await waitForFrame(r.lastFrame, 'Name: the my registry');
    r.stdin.write(KEY.ctrlE);
    r.stdin.write('!');
    await waitForFrame(r.lastFrame, 'Name: the my registry!');
    r.stdin.write(KEY.ctrlU);
    await waitForFrame(r.lastFrame, (f) => !f.includes('registry'));
    r.stdin.write('x');
    await waitForFrame(r.lastFrame, 'Name: x');
    r.stdin.write(KEY.enter);
    await waitFor(() => onSubmit.mock.calls.length > 0);
    expect(onSubmit).toHaveBeenCalledWith('x', 'x');
  });

  it('drops a validation message once the field is emptied', async () => {
    const r = render(<TextField label="AWS account id" hint="12 digits" validate={validateAwsAccountId} onSubmit={vi.fn()} />);
    await waitForFrame(r.lastFrame, 'AWS account id:');
    await typeAndSubmit(r, '12345');
    await waitForFrame(r.lastFrame, 'has 5 digits');
    r.stdin.write(KEY.ctrlU);
    const frame = await waitForFrame(r.lastFrame, (f) => !f.includes('12345'));
    await waitForFrame(r.lastFrame, (f) => !f.includes('digits but'));
    expect(frame).not.toContain('12345');
  });

  it('at 80 columns wraps a long message indented under itself, with the path in it whole', async () => {
    const path = '/home/alice/projects/openfaas/builder/licenses/openfaas-pro-license.txt';
    const r = renderAt(
      <TextField
        label="License file"
        validate={() => reject(`${path} is not readable (permission denied): give this user read access to it.`)}
        onSubmit={vi.fn()}
      />,
      { columns: 80 },
    );
    await waitForFrame(r.lastFrame, 'License file:');
    await typeAndSubmit(r, 'x');
    const lines = (await waitForFrame(r.lastFrame, 'permission denied')).split('\n');
    const first = lines.findIndex((l) => l.includes('/home/alice'));
    expect(lines[first]!.startsWith(`  ${path} is`)).toBe(true);
    for (const l of lines.slice(first + 1)) if (l.trim()) expect(l).toMatch(/^ {4}\S/);
  });
});
