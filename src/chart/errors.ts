/** A chart that cannot be read or used, said in one sentence plus the next step. */
export class ChartError extends Error {
  override readonly name = 'ChartError';
  constructor(
    message: string,
    readonly nextStep: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  get sentence(): string {
    return this.nextStep ? `${this.message} ${this.nextStep}` : this.message;
  }
}
