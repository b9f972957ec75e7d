import type { Check } from '../types.js';
import { clusterContext, clusterNamespace, clusterReachable } from './cluster.js';
import { warningEvents } from './events.js';
import { helmRelease, helmValues } from './helmRelease.js';
import { irsaFsGroup, irsaPodEnv, irsaServiceAccountCheck, irsaToken } from './irsa.js';
import { buildkitLogs, proBuilderLogs } from './logs.js';
import { nodeFit } from './nodes.js';
import { permissions } from './permissions.js';
import { awsCredentialsSecret, buildSecretsKey, certificateSecrets, licenseSecret, payloadSecret, registrySecret } from './secrets.js';
import { deploymentAvailable, podSecurityAdmission, podStates } from './workload.js';

/**
 * Every doctor check, in report order. Dependencies point backwards only: everything needs the
 * cluster to answer, namespace-scoped checks need the namespace.
 */
export const ALL_CHECKS: readonly Check[] = [
  clusterReachable,
  clusterContext,
  clusterNamespace,
  permissions,
  licenseSecret,
  payloadSecret,
  registrySecret,
  certificateSecrets,
  awsCredentialsSecret,
  buildSecretsKey,
  helmRelease,
  helmValues,
  deploymentAvailable,
  podStates,
  podSecurityAdmission,
  warningEvents,
  nodeFit,
  proBuilderLogs,
  buildkitLogs,
  irsaServiceAccountCheck,
  irsaToken,
  irsaPodEnv,
  irsaFsGroup,
];
