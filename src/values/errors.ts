/** A values problem said in one sentence plus the next step; never carries file contents. */
export class ValuesError extends Error {
  override readonly name = 'ValuesError';
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
