import type { ChartGeneration } from '../generation.js';
import type { CheckOutcome } from '../types.js';

/** What a remedy can change, one line each on the plan. */
export interface FixChange {
  kind: 'Secret' | 'File' | 'Values' | 'Helm' | 'ServiceAccount' | 'Deployment';
  name: string;
  action: 'create' | 'replace' | 'write' | 'set' | 'upgrade' | 'annotate' | 'restart';
  /** What changes, in words; never a secret value. */
  detail: string;
}

/** A values key the fix writes into the values file, then applies with a pinned helm upgrade. */
export interface ValueEdit {
  path: string[];
  value: unknown;
  /** What it was before, shown on the plan ("true → false", "2 → 1500m"). */
  before?: unknown;
}

/** The concrete operations the apply carries out, in this order. */
export type FixAction =
  | { op: 'payload-secret'; reuseLocalFile: boolean; replace: boolean }
  | { op: 'registry-secret'; source: string; replace: boolean }
  | { op: 'certificates'; replace: boolean }
  | { op: 'irsa-annotate'; serviceAccount: string; roleArn: string; create: boolean }
  | { op: 'values'; edits: ValueEdit[] }
  /** A release a killed helm left pending: back to the previous revision, then the pinned upgrade. */
  | { op: 'release-rollback'; revision: number };

export type RemedyId =
  'stuck-release' | 'payload-secret' | 'registry-secret' | 'certificates' | 'irsa-annotation' | 'hmac' | 'buildkit-mode' | 'requests';

export interface PlannedFix {
  remedy: RemedyId;
  /** The finding rows this fix answers (their ids in the report). */
  findings: string[];
  /** Check ids to re-run afterwards. */
  checks: string[];
  title: string;
  changes: FixChange[];
  actions: FixAction[];
  /** Why this one needs its own yes (deletes, replaces a secret this tool did not make, lowers requests). */
  needsConsent?: string;
  /** A mounted secret or the service account changes: the Deployment is restarted afterwards. */
  rollsDeployment: boolean;
}

export interface UnfixableFinding {
  id: string;
  checkId: string;
  summary: string;
  /** Why no remedy applies, and what would make one possible. */
  reason: string;
  /** The check's own printed fix, kept. */
  fix?: string;
}

export interface FixPlan {
  fixes: PlannedFix[];
  unfixable: UnfixableFinding[];
}

/** Who made an existing object: this tool (managed-by label) or someone else. */
export interface ExistingObject {
  ours: boolean;
}

/**
 * Everything the planner needs besides the findings, read once from the cluster, the disk and the
 * flags. The planner itself is pure.
 */
export interface FixFacts {
  namespace: string;
  release: string;
  valuesFile: string;
  outputDir: string;
  chartVersion?: string;
  /** helm's status of the release and its latest revision. */
  releaseStatus?: { status: string; revision: number };
  generation?: ChartGeneration;
  deploymentName?: string;
  payloadSecret?: ExistingObject;
  /** payload.txt in --output-dir: usable as the signing secret, unusable, or absent. */
  localPayload: 'sound' | 'unsound' | 'missing';
  registrySecret?: ExistingObject;
  /** A config.json to create registry-secret from (--docker-config, else <output-dir>/config.json). */
  dockerConfig?: { path: string; usable: boolean; problem?: string };
  certSecrets: { daemon?: ExistingObject; client?: ExistingObject };
  /** Release values that matter to remedies. */
  values?: { disableHmac: boolean; rootless: boolean; image?: string; privileged?: boolean; securityContext?: unknown };
  /** IRSA: the service account the release names, whether it exists, and --aws-role-arn. */
  irsa?: { serviceAccount: string; exists: boolean; roleArn?: string };
  /** When no node can take the pod: BuildKit's requests now and the largest that fit (lowered only with consent). */
  requests?: { cpu?: { from: string; to: string }; memory?: { from: string; to: string } };
}

export interface RemedyContext {
  facts: FixFacts;
  /** Every failing or warning finding of the same check. */
  findings: CheckOutcome[];
}

export type RemedyAnswer = PlannedFix | { unfixable: string };

/** One entry of the registry: the checks it answers and how it plans a fix from the facts. */
export interface Remedy {
  id: RemedyId;
  checkIds: readonly string[];
  /** undefined: this remedy has nothing to do for these findings (another remedy of the same check may). */
  plan(ctx: RemedyContext): RemedyAnswer | undefined;
}
