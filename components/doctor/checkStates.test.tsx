import { describe, expect, it } from 'vitest';
import { doctorReducer, initialDoctorState, progressOf } from './checkStates.js';
import { CHECKS, OUTCOMES } from './outcomes.testkit.js';

describe('doctorReducer', () => {
  it('moves a check from pending to running to done with its outcomes', () => {
    let s = initialDoctorState(CHECKS);
    expect(s.rows.map((r) => r.phase)).toEqual(['pending', 'pending', 'pending', 'pending', 'pending']);
    s = doctorReducer(s, { type: 'attempt-started', attempt: 1 });
    s = doctorReducer(s, { type: 'check-updated', id: 'secrets.payload', state: { state: 'running' } });
    expect(s.rows[1]!.phase).toBe('running');
    s = doctorReducer(s, { type: 'check-updated', id: 'secrets.payload', state: { state: 'done', outcomes: [OUTCOMES[1]!] } });
    expect(s.rows[1]).toMatchObject({ phase: 'done', outcomes: [OUTCOMES[1]] });
    expect(progressOf(s)).toEqual({ done: 1, total: 5 });
  });

  it('keeps the last outcomes while a --wait re-check runs, and counts attempts', () => {
    let s = doctorReducer(initialDoctorState(CHECKS), { type: 'attempt-started', attempt: 1 });
    for (const o of OUTCOMES) s = doctorReducer(s, { type: 'check-updated', id: o.checkId, state: { state: 'done', outcomes: [o] } });
    s = doctorReducer(s, { type: 'attempt-finished', outcomes: OUTCOMES });
    expect(s.rows.every((r) => r.phase === 'done')).toBe(true);
    expect(s.lastAttempt).toEqual(OUTCOMES);
    s = doctorReducer(s, { type: 'attempt-started', attempt: 2 });
    expect(s.lastAttempt).toBeUndefined();
    expect(s.attempt).toBe(2);
    expect(s.result).toBeUndefined();
    expect(s.rows[1]).toMatchObject({ phase: 'pending', outcomes: [OUTCOMES[1]] });
    expect(progressOf(s).done).toBe(0);
  });

  it('takes the final report as authoritative, per-item rows included', () => {
    const s = doctorReducer(initialDoctorState(CHECKS), {
      type: 'finished',
      result: { outcomes: OUTCOMES, exitCode: 3, waitReason: 'timeout' },
    });
    expect(s.rows.find((r) => r.id === 'workload.pods')!.outcomes.map((o) => o.id)).toEqual(['workload.pods/pro-builder-6c7d9f8b5d-x7k2p']);
    expect(s.result).toMatchObject({ exitCode: 3, waitReason: 'timeout' });
  });
});
