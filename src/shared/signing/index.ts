export {
  assessSigningSecret,
  generateSigningSecret,
  MIN_DISTINCT_SYMBOLS,
  MIN_ENTROPY_BITS,
  MIN_SECRET_BYTES,
  SIGNING_SECRET_BYTES,
  type SigningProblem,
  type SigningProblemCode,
} from './signingSecret.js';
export { distinctSymbols, estimateEntropyBits } from './entropy.js';
