import { ActionableError } from '../../platform/errors.js';

/** A chart that cannot be read or used, said in one sentence plus the next step. */
export class ChartError extends ActionableError {
  override readonly name = 'ChartError';
}
