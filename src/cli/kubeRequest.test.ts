import { describe, expect, it } from 'vitest';
import { parseArgs } from './args.js';
import { kubeRequestFrom } from './kubeRequest.js';

describe('kubeRequestFrom', () => {
  it('turns --request-timeout into milliseconds, for every subcommand', () => {
    for (const argv of [
      ['--request-timeout', '2s'],
      ['doctor', '--request-timeout', '2s'],
      ['uninstall', '--request-timeout', '2s'],
      ['rotate', 'certs', '--request-timeout', '2s'],
    ]) {
      const p = parseArgs(argv);
      if (p.kind === 'print' || p.kind === 'usage-error') throw new Error(p.kind);
      expect(kubeRequestFrom(p.options)).toEqual({ ok: true, value: { kubeconfig: undefined, context: undefined, timeoutMs: 2000 } });
    }
  });

  it('defaults to 15 seconds, the client default', () => {
    const p = parseArgs(['--context', 'prod']);
    if (p.kind !== 'install') throw new Error(p.kind);
    expect(kubeRequestFrom(p.options)).toEqual({ ok: true, value: { kubeconfig: undefined, context: 'prod', timeoutMs: 15_000 } });
  });

  it('names the flag when the duration is not understood', () => {
    const r = kubeRequestFrom({ requestTimeout: 'soon' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/^--request-timeout: The duration "soon" is not understood/);
  });

  it('leaves the client default alone when no flag was parsed (options built by hand)', () => {
    expect(kubeRequestFrom({ kubeconfig: '/k' })).toEqual({ ok: true, value: { kubeconfig: '/k', context: undefined } });
  });
});
