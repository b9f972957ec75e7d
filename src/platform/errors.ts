/**
 * An error the user can act on: what went wrong, then what to do next. Every module's error
 * (chart, values, install input, kube, helm) shares this shape, so one renderer shows them all.
 */
export class ActionableError extends Error {
  constructor(
    message: string,
    readonly nextStep: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** The sentence shown to the user: what happened, then what to do. */
  get sentence(): string {
    return this.nextStep ? `${this.message} ${this.nextStep}` : this.message;
  }
}
