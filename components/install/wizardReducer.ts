import type { InstallOptions } from '../../src/cli/args.js';
import type { ApplyResult } from '../../src/features/install/apply.js';
import type { InstallAnswers } from '../../src/features/install/answers.js';
import type { RegistryAnswer } from '../../src/shared/registry/answer.js';
import type { FlagResolution } from '../../src/features/install/flags.js';
import type { InstallPlan } from '../../src/features/install/plan.js';
import type { RolloutOutcome } from '../../src/shared/rollout/rollout.js';

/** The questions, in the order they are asked. */
export const QUESTION_STEPS = ['cluster', 'license', 'registry', 'signing', 'buildkit'] as const;
export type QuestionStep = (typeof QUESTION_STEPS)[number];

/** Every screen of the wizard, in order. Only question steps are ever skipped. */
export const STEP_ORDER = [...QUESTION_STEPS, 'review', 'apply', 'rollout', 'done'] as const;
export type WizardStep = (typeof STEP_ORDER)[number];

export const STEP_TITLES: Record<WizardStep, string> = {
  cluster: 'Cluster',
  license: 'License',
  registry: 'Registry',
  signing: 'Signing secret',
  buildkit: 'BuildKit',
  review: 'Review',
  apply: 'Apply',
  rollout: 'Rollout',
  done: 'Done',
};

/** Answers so far: flags pre-fill them, each step adds its own. */
export type DraftAnswers = Partial<InstallAnswers>;

export interface WizardExit {
  code: number;
  message?: string;
}

export interface WizardState {
  step: WizardStep;
  answers: DraftAnswers;
  /** Answered by flags: never asked. */
  flagSkips: QuestionStep[];
  /** Nothing to ask given what the cluster holds (e.g. the license secret is already there). */
  factSkips: QuestionStep[];
  /** The cluster was read, so factSkips are known: until then the number of steps is not. */
  factsKnown?: boolean;
  plan?: InstallPlan;
  applyResult?: ApplyResult;
  rollout?: RolloutOutcome;
  /** Set once: the wizard shows the message and ends with this code. */
  exit?: WizardExit;
}

export type WizardAction =
  /** A question step answered; `skip` replaces the fact-based skips (sent by the cluster step). */
  | { type: 'answer'; step: QuestionStep; patch: DraftAnswers; skip?: QuestionStep[] }
  | { type: 'back' }
  | { type: 'confirm'; plan: InstallPlan }
  | { type: 'applied'; result: ApplyResult }
  | { type: 'rolledOut'; outcome: RolloutOutcome }
  | { type: 'exit'; code: number; message?: string };

function skipped(state: Pick<WizardState, 'flagSkips' | 'factSkips'>, step: WizardStep): boolean {
  return (state.flagSkips as WizardStep[]).includes(step) || (state.factSkips as WizardStep[]).includes(step);
}

/** The steps the user will see, for "step N of M". */
export function visibleSteps(state: Pick<WizardState, 'flagSkips' | 'factSkips'>): WizardStep[] {
  return STEP_ORDER.filter((s) => !skipped(state, s));
}

/** "Step N of M"; M is left out until the cluster is read, so it never shrinks between two screens. */
export function stepPosition(state: WizardState): { number: number; total?: number } {
  const visible = visibleSteps(state);
  return { number: visible.indexOf(state.step) + 1, total: state.factsKnown ? visible.length : undefined };
}

export function nextStep(state: Pick<WizardState, 'flagSkips' | 'factSkips'>, from: WizardStep): WizardStep {
  const i = STEP_ORDER.indexOf(from);
  return STEP_ORDER.slice(i + 1).find((s) => !skipped(state, s)) ?? 'done';
}

/** The question before `from` that is asked, or undefined at the first one. */
export function previousQuestion(state: Pick<WizardState, 'flagSkips' | 'factSkips'>, from: WizardStep): QuestionStep | undefined {
  const i = STEP_ORDER.indexOf(from);
  return [...QUESTION_STEPS]
    .slice(0, Math.min(i, QUESTION_STEPS.length))
    .reverse()
    .find((s) => !skipped(state, s));
}

/** Which questions flags answered. The cluster is always confirmed on screen. */
export function flagAnsweredSteps(options: InstallOptions, flags: FlagResolution): QuestionStep[] {
  const steps: QuestionStep[] = [];
  if (options.licenseFile && flags.partial.license) steps.push('license');
  if (flags.partial.registry) steps.push('registry');
  if (options.rotateSigningSecret) steps.push('signing');
  if (options.buildkitMode) steps.push('buildkit');
  return steps;
}

export function initialWizardState(options: InstallOptions, flags: FlagResolution): WizardState {
  const { registryKind: _kind, ...answers } = flags.partial;
  return { step: 'cluster', answers, flagSkips: flagAnsweredSteps(options, flags), factSkips: [] };
}

export function wizardReducer(state: WizardState, action: WizardAction): WizardState {
  if (state.exit) return state;
  switch (action.type) {
    case 'answer': {
      if (state.step !== action.step) return state;
      const next = {
        ...state,
        answers: { ...state.answers, ...action.patch },
        factSkips: action.skip ?? state.factSkips,
        factsKnown: state.factsKnown || action.skip !== undefined,
      };
      return { ...next, step: nextStep(next, action.step) };
    }
    case 'back': {
      if (!(QUESTION_STEPS as readonly WizardStep[]).includes(state.step) && state.step !== 'review') return state;
      const prev = previousQuestion(state, state.step);
      return prev ? { ...state, step: prev, plan: undefined } : state;
    }
    case 'confirm':
      return state.step === 'review' ? { ...state, plan: action.plan, step: 'apply' } : state;
    case 'applied':
      return state.step === 'apply' && action.result.ok
        ? { ...state, applyResult: action.result, step: 'rollout' }
        : { ...state, applyResult: action.result };
    case 'rolledOut':
      return state.step === 'rollout' && action.outcome.ok
        ? { ...state, rollout: action.outcome, step: 'done' }
        : { ...state, rollout: action.outcome };
    case 'exit':
      return { ...state, exit: { code: action.code, message: action.message } };
  }
}

/** The answers once every question is answered; undefined while something is missing. */
export function completeAnswers(a: DraftAnswers): InstallAnswers | undefined {
  const required: (keyof InstallAnswers)[] = [
    'namespace',
    'release',
    'registry',
    'buildkitMode',
    'valuesFile',
    'outputDir',
    'chart',
    'timeoutMs',
  ];
  if (required.some((k) => a[k] === undefined)) return undefined;
  return { rotateSigningSecret: false, skipRepoAdd: false, ...a } as InstallAnswers;
}

export type RegistryChoice = RegistryAnswer['kind'];
