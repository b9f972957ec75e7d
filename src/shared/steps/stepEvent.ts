import { cleanLine } from '../text/cleanLine.js';

/** One step of an apply (install, uninstall, rotate) as it is reported: started, then done, skipped or failed. */
export type StepStatus = 'running' | 'done' | 'skipped' | 'failed';

export interface StepEvent {
  id: string;
  title: string;
  status: StepStatus;
  detail?: string;
}

export const STEP_GLYPH: Record<StepEvent['status'], string> = { running: '…', done: '✓', failed: '×', skipped: '–' };

/** The step list after an event: a step's later event replaces its earlier one in place; a new step is appended. */
export function withStepEvent(steps: readonly StepEvent[], e: StepEvent): StepEvent[] {
  const i = steps.findIndex((x) => x.id === e.id);
  return i >= 0 ? steps.map((x, j) => (j === i ? e : x)) : [...steps, e];
}

/** "✓ Create secret openfaas/registry-secret", with the detail after a dash. */
export function stepLine(e: StepEvent): string {
  return `${STEP_GLYPH[e.status]} ${e.title}${e.detail ? ` — ${cleanLine(e.detail)}` : ''}`;
}
