import { describe, expect, it } from 'vitest';
import type { CheckOutcome } from '../../src/features/doctor/types.js';
import { pasteableFixes } from './pasteableFixes.js';

const outcome = (fix: string, status: CheckOutcome['status'] = 'fail'): CheckOutcome => ({
  id: fix,
  checkId: 'secrets.license',
  category: 'Secrets',
  description: 'license',
  durationMs: 1,
  status,
  summary: 'missing',
  evidence: [],
  fix,
});

const LONG = 'kubectl create secret generic openfaas-license --from-file license=/home/someone/.openfaas/LICENSE -n openfaas';

describe('pasteableFixes', () => {
  it('prints every fix whole after the screen when one was wider than the terminal', () => {
    const text = pasteableFixes([outcome(LONG), outcome('kubectl get pods -n openfaas', 'warn'), outcome('ignored', 'pass')], 80);
    expect(text.split('\n')).toEqual(['', 'Fix commands, whole for copying:', LONG, 'kubectl get pods -n openfaas', '']);
  });

  it('prints nothing when every fix fitted on its line', () => {
    expect(pasteableFixes([outcome(LONG)], 200)).toBe('');
  });
});
