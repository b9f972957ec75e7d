import { rotateCertificates, type CertRotationDeps } from './certs.js';
import type { RotationPlan } from './plan.js';
import type { RotationResult } from './result.js';
import { rotateSigningSecret, type SigningRotationDeps } from './signingSecret.js';

export type ApplyRotationDeps = SigningRotationDeps & CertRotationDeps;

/** Carries out a planned rotation of either kind. */
export function applyRotation(plan: RotationPlan, deps: ApplyRotationDeps): Promise<RotationResult> {
  return plan.rotate === 'signing-secret' ? rotateSigningSecret(plan, deps) : rotateCertificates(plan, deps);
}
