import type { StepEvent } from '../../shared/steps/stepEvent.js';
import { problemOf } from '../../platform/errors.js';

/** Records step events in order and runs one step at a time, marking the running one failed on error. */
export class StepRecorder {
  readonly steps: StepEvent[] = [];
  constructor(private readonly onStep?: (e: StepEvent) => void) {}

  emit(e: StepEvent): void {
    const i = this.steps.findIndex((s) => s.id === e.id);
    if (i >= 0) this.steps[i] = e;
    else this.steps.push(e);
    this.onStep?.(e);
  }

  async run<T>(id: string, title: string, fn: () => Promise<T>, detail?: (v: T) => string | undefined): Promise<T> {
    this.emit({ id, title, status: 'running' });
    try {
      const v = await fn();
      this.emit({ id, title, status: 'done', detail: detail?.(v) });
      return v;
    } catch (e) {
      this.emit({ id, title, status: 'failed', detail: errorText(e).message });
      throw e;
    }
  }
}

/** Message and next step of any error (problemOf), as a rotation result keeps them: no cause, it is not serialised. */
export function errorText(e: unknown): { message: string; nextStep?: string } {
  const { message, nextStep } = problemOf(e);
  return { message, nextStep };
}
