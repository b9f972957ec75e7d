import { describe, expect, it } from 'vitest';
import { parseArgs, type InstallOptions } from '../../src/cli/args.js';
import type { FlagResolution } from '../../src/features/install/flags.js';
import { testPlan } from '../../src/features/install/plan.testkit.js';
import {
  completeAnswers,
  initialWizardState,
  nextStep,
  previousQuestion,
  stepPosition,
  STEP_ORDER,
  visibleSteps,
  wizardReducer,
  type WizardState,
} from './wizardReducer.js';

function options(argv: string[] = []): InstallOptions {
  const parsed = parseArgs(['install', ...argv]);
  if (parsed.kind !== 'install') throw new Error(`bad test argv: ${JSON.stringify(parsed)}`);
  return parsed.options;
}

function flags(partial: FlagResolution['partial'] = {}): FlagResolution {
  return {
    partial: {
      namespace: 'openfaas',
      release: 'pro-builder',
      timeoutMs: 300_000,
      valuesFile: '/w/custom-values.yaml',
      outputDir: '/w',
      chart: 'openfaas/pro-builder',
      buildkitMode: 'rootless',
      rotateSigningSecret: false,
      skipRepoAdd: false,
      ...partial,
    },
    missing: [],
    invalid: [],
  };
}

const answerAll = (s: WizardState): WizardState => {
  let state = s;
  for (let i = 0; i < 10 && state.step !== 'review'; i++) {
    const step = state.step as 'cluster' | 'license' | 'registry' | 'signing' | 'buildkit';
    const patch = step === 'registry' ? { registry: { kind: 'ttlsh' as const } } : {};
    state = wizardReducer(state, { type: 'answer', step, patch });
  }
  return state;
};

describe('step order', () => {
  it('asks every question in order when no flag answered any', () => {
    const s = initialWizardState(options(), flags());
    expect(s.step).toBe('cluster');
    expect(visibleSteps(s)).toEqual([...STEP_ORDER]);
    const seen: string[] = [s.step];
    let state = s;
    for (let i = 0; i < 10 && state.step !== 'review'; i++) {
      const step = state.step as 'cluster';
      state = wizardReducer(state, { type: 'answer', step, patch: {} });
      seen.push(state.step);
    }
    expect(seen).toEqual(['cluster', 'license', 'registry', 'signing', 'buildkit', 'review']);
  });

  it('skips the questions flags answered', () => {
    const o = options(['--license-file', '/l', '--registry', 'ttlsh', '--buildkit-mode', 'root', '--rotate-signing-secret']);
    const s = initialWizardState(o, flags({ license: Buffer.from('x'), licensePath: '/l', registry: { kind: 'ttlsh' } }));
    expect(s.flagSkips.sort()).toEqual(['buildkit', 'license', 'registry', 'signing']);
    expect(wizardReducer(s, { type: 'answer', step: 'cluster', patch: {} }).step).toBe('review');
    expect(stepPosition(s)).toEqual({ number: 1, total: undefined });
    const read = wizardReducer(s, { type: 'answer', step: 'cluster', patch: {}, skip: [] });
    expect(stepPosition(read)).toEqual({ number: 2, total: 5 });
  });

  it('asks the license when it was only found at the default path (not given as a flag)', () => {
    const s = initialWizardState(options(), flags({ license: Buffer.from('x'), licensePath: '/home/u/.openfaas/LICENSE' }));
    expect(s.flagSkips).not.toContain('license');
  });

  it('the cluster step can skip questions the cluster makes moot, and replaces them on a new answer', () => {
    const s = initialWizardState(options(), flags());
    const after = wizardReducer(s, { type: 'answer', step: 'cluster', patch: { namespace: 'ci' }, skip: ['license', 'signing'] });
    expect(after.step).toBe('registry');
    expect(after.answers.namespace).toBe('ci');
    expect(nextStep(after, 'registry')).toBe('buildkit');
    const again = wizardReducer(wizardReducer(after, { type: 'back' }), { type: 'answer', step: 'cluster', patch: {}, skip: [] });
    expect(again.step).toBe('license');
  });

  it('ignores an answer for a step that is not on screen', () => {
    const s = initialWizardState(options(), flags());
    expect(wizardReducer(s, { type: 'answer', step: 'buildkit', patch: { buildkitMode: 'root' } })).toBe(s);
  });
});

describe('back (Esc)', () => {
  it('goes to the previous asked question, skipping flag answers', () => {
    const o = options(['--registry', 'ttlsh']);
    let s = initialWizardState(o, flags({ registry: { kind: 'ttlsh' } }));
    s = wizardReducer(s, { type: 'answer', step: 'cluster', patch: {} });
    s = wizardReducer(s, { type: 'answer', step: 'license', patch: {} });
    expect(s.step).toBe('signing');
    expect(wizardReducer(s, { type: 'back' }).step).toBe('license');
    expect(previousQuestion(s, 'review')).toBe('buildkit');
  });

  it('does nothing on the first step or once applying has started', () => {
    const s = initialWizardState(options(), flags());
    expect(wizardReducer(s, { type: 'back' })).toBe(s);
    const review = answerAll(s);
    expect(review.step).toBe('review');
    const applying = wizardReducer(review, { type: 'confirm', plan: testPlan() });
    expect(applying.step).toBe('apply');
    expect(wizardReducer(applying, { type: 'back' })).toBe(applying);
  });

  it('from the review, returns to the last question and drops the plan', () => {
    const review = answerAll(initialWizardState(options(), flags()));
    const back = wizardReducer(review, { type: 'back' });
    expect(back.step).toBe('buildkit');
    expect(back.plan).toBeUndefined();
  });
});

describe('apply, rollout, done', () => {
  it('moves on only when apply and rollout succeed', () => {
    const review = answerAll(initialWizardState(options(), flags()));
    const applying = wizardReducer(review, { type: 'confirm', plan: testPlan() });
    const failed = wizardReducer(applying, { type: 'applied', result: { ok: false, steps: [], backups: [] } });
    expect(failed.step).toBe('apply');
    const rolling = wizardReducer(applying, { type: 'applied', result: { ok: true, steps: [], backups: ['/b'] } });
    expect(rolling.step).toBe('rollout');
    const done = wizardReducer(rolling, { type: 'rolledOut', outcome: { ok: true, timedOut: false, warnings: [] } });
    expect(done.step).toBe('done');
    expect(done.applyResult?.backups).toEqual(['/b']);
  });

  it('an exit freezes the state', () => {
    const s = wizardReducer(initialWizardState(options(), flags()), { type: 'exit', code: 130, message: 'Cancelled.' });
    expect(s.exit).toEqual({ code: 130, message: 'Cancelled.' });
    expect(wizardReducer(s, { type: 'answer', step: 'cluster', patch: {} })).toBe(s);
  });
});

describe('completeAnswers', () => {
  it('is undefined until the registry is chosen', () => {
    const s = initialWizardState(options(), flags());
    expect(completeAnswers(s.answers)).toBeUndefined();
    expect(completeAnswers({ ...s.answers, registry: { kind: 'ttlsh' } })?.registry).toEqual({ kind: 'ttlsh' });
  });
});
