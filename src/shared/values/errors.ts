import { ActionableError } from '../../platform/errors.js';

/** A values problem said in one sentence plus the next step; never carries file contents. */
export class ValuesError extends ActionableError {
  override readonly name = 'ValuesError';
}
