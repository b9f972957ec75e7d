import type { StepEvent } from '../../shared/steps/stepEvent.js';
import type { RolloutOutcome, RolloutWatch, waitForRollout } from '../../shared/rollout/rollout.js';
import type { Kube } from '../../platform/kube/client.js';
import type { CertFinding } from '../../shared/certs/index.js';

export interface RotationDeps {
  kube: Kube;
  now?: () => Date;
  onStep?: (e: StepEvent) => void;
  /** How long and how to watch the rollout after the restart; signal stops the watch (Ctrl+C). */
  rollout: RolloutWatch;
  /** Injected in tests; the real one polls the Deployment. */
  waitForRollout?: typeof waitForRollout;
}

export interface RotationResult {
  ok: boolean;
  steps: StepEvent[];
  /** Copies of what was replaced: secrets (YAML) and files, all 0600. */
  backups: string[];
  rollout?: RolloutOutcome;
  /** certs only: the audit of what is now in the cluster. */
  audit?: CertFinding[];
  /** The watch was stopped before the rollout finished: the change is applied, its rollout unknown. */
  watchStopped?: boolean;
  error?: { message: string; nextStep?: string };
}
