import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { hasTmux, TmuxTerminal } from './terminal.js';

const cli = resolve(import.meta.dirname, '../../dist/cli.js');
const describeTty = hasTmux() || process.env['CI'] ? describe : describe.skip;

describeTty('the built binary in a real terminal', () => {
  let term: TmuxTerminal | undefined;
  afterEach(() => term?.close());

  it('prints its version and exits 0', async () => {
    term = TmuxTerminal.start([process.execPath, cli, '--version']);
    expect(await term.waitForExit()).toBe(0);
    expect(term.output()).toMatch(/^\d+\.\d+\.\d+/m);
  });

  it('rejects an unknown subcommand with exit 2 and one clear line, no stack trace', async () => {
    term = TmuxTerminal.start([process.execPath, cli, 'frobnicate']);
    expect(await term.waitForExit()).toBe(2);
    const out = term.output();
    expect(out).toContain('unknown command "frobnicate"');
    expect(out).not.toMatch(/\n\s+at /);
  });
});
