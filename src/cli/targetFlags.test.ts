import { describe, expect, it } from 'vitest';
import { invalidTargetFlags } from './targetFlags.js';

describe('invalidTargetFlags', () => {
  it('accepts the defaults', () => {
    expect(invalidTargetFlags({ namespace: 'openfaas', release: 'pro-builder', outputDir: '.' })).toEqual([]);
  });

  it('names each bad flag once, without echoing control characters', () => {
    const problems = invalidTargetFlags({ namespace: 'open;faas', release: '$(reboot)', outputDir: 'out\ndir' });
    expect(problems.map((p) => p.split(':')[0])).toEqual(['--namespace', '--release', '--output-dir']);
    for (const p of problems) expect(p).not.toMatch(/\n/);
  });
});
