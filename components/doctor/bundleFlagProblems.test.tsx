import { describe, expect, it } from 'vitest';
import type { DoctorOptions } from '../../src/cli/args.js';
import { bundleFlagProblems } from './bundleFlagProblems.js';

const base = {
  namespace: 'openfaas',
  release: 'pro-builder',
  output: 'tui',
  yes: false,
  dryRun: false,
  debug: false,
  color: false,
} as DoctorOptions;

describe('bundleFlagProblems', () => {
  it.each([
    [{}, []],
    [{ bundle: true }, []],
    [{ bundle: '-', bundleLogLines: 10 }, []],
    [{ bundleLogLines: 10 }, ['--bundle-log-lines works only with --bundle.']],
    [{ bundle: 'x', wait: '2m' }, ['--bundle packs one run; leave --wait out, or run the doctor with --wait first.']],
    [{ bundle: 'x', contexts: 'a,b' }, ['--bundle works on one cluster; leave out --contexts and --all-contexts.']],
    [{ bundle: 'x', allContexts: true }, ['--bundle works on one cluster; leave out --contexts and --all-contexts.']],
  ] as [Partial<DoctorOptions>, string[]][])('%o → %o', (extra, expected) => {
    expect(bundleFlagProblems({ ...base, ...extra })).toEqual(expected);
  });
});
