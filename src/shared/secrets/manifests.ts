import type { V1Secret, V1ServiceAccount } from '@kubernetes/client-node';
import { MANAGED_BY_LABEL, MANAGED_BY_VALUE } from '../../platform/kube/labels.js';
import { IRSA_ROLE_ANNOTATION, IRSA_SERVICE_ACCOUNT, PART_OF_LABEL, PART_OF_VALUE } from './names.js';

/** Labels on everything this tool creates: uninstall finds its own objects by them. */
export function ownedLabels(): Record<string, string> {
  return { [MANAGED_BY_LABEL]: MANAGED_BY_VALUE, [PART_OF_LABEL]: PART_OF_VALUE };
}

/**
 * Labels for an object that already exists and is being updated: the desired ones, except that the
 * managed-by label stays as it was (another manager's, or none). Claiming an object made by hand or
 * by another tool would let a later uninstall delete what this tool did not make.
 */
export function labelsForUpdate(
  existing: Record<string, string> | undefined,
  desired: Record<string, string> | undefined,
): Record<string, string> {
  const { [MANAGED_BY_LABEL]: _ours, ...rest } = desired ?? {};
  const owner = existing?.[MANAGED_BY_LABEL];
  return { ...existing, ...rest, ...(owner !== undefined ? { [MANAGED_BY_LABEL]: owner } : {}) };
}

/** What Kubernetes accepts as a key in a Secret's data. */
const SECRET_KEY = /^[-._a-zA-Z0-9]+$/;

/**
 * An Opaque Secret, as `kubectl create secret generic --from-file` makes it: values are stored
 * exactly as given (base64 of the raw bytes), so a string is its UTF-8 bytes, with no newline added.
 */
export function secretManifest(name: string, namespace: string, data: Record<string, string | Buffer>): V1Secret {
  const encoded: Record<string, string> = {};
  for (const [key, value] of Object.entries(data)) {
    if (!SECRET_KEY.test(key) || key.length > 253) {
      throw new Error(`"${key.slice(0, 60)}" cannot be a secret key: use letters, digits, "-", "_" and "." only.`);
    }
    encoded[key] = (typeof value === 'string' ? Buffer.from(value, 'utf8') : value).toString('base64');
  }
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name, namespace, labels: ownedLabels() },
    type: 'Opaque',
    data: encoded,
  };
}

/** The service account IRSA binds to the IAM role, through the role-arn annotation. */
/** roleArn undefined: no role annotation (EKS Pod Identity gives the role through an association). */
export function irsaServiceAccountManifest(
  namespace: string,
  roleArn: string | undefined,
  name: string = IRSA_SERVICE_ACCOUNT,
): V1ServiceAccount {
  return {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name, namespace, labels: ownedLabels(), ...(roleArn ? { annotations: { [IRSA_ROLE_ANNOTATION]: roleArn } } : {}) },
  };
}
