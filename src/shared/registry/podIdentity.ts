import { shellCommand } from '../../platform/shellQuote.js';

/** What `aws eks create-pod-identity-association` needs to give a service account an IAM role. */
export interface PodIdentityAssociation {
  clusterName: string;
  namespace: string;
  serviceAccount: string;
  roleArn: string;
  region: string;
}

/**
 * The command that associates the role with the service account (EKS Pod Identity, the successor of
 * IRSA): run once with AWS credentials that may call eks:CreatePodIdentityAssociation. Every part is
 * shell-quoted; nothing in it is secret.
 */
export function podIdentityAssociationCommand(a: PodIdentityAssociation): string {
  return shellCommand([
    'aws',
    'eks',
    'create-pod-identity-association',
    '--cluster-name',
    a.clusterName,
    '--namespace',
    a.namespace,
    '--service-account',
    a.serviceAccount,
    '--role-arn',
    a.roleArn,
    '--region',
    a.region,
  ]);
}

/** The role's trust policy for EKS Pod Identity: the agent assumes it and tags the session. */
export function podIdentityTrustPolicy() {
  return {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: 'pods.eks.amazonaws.com' }, Action: ['sts:AssumeRole', 'sts:TagSession'] }],
  };
}

export function podIdentityTrustPolicyJson(): string {
  return `${JSON.stringify(podIdentityTrustPolicy(), null, 2)}\n`;
}

/** An EKS cluster name as the API accepts it: 1-100 letters, digits, hyphens and underscores, starting alphanumeric. */
export function validateEksClusterName(name: string): { ok: true; value: string } | { ok: false; message: string } {
  const v = name.trim();
  if (/^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/.test(v)) return { ok: true, value: v };
  return { ok: false, message: 'an EKS cluster name is 1-100 letters, digits, hyphens or underscores, starting with a letter or digit.' };
}
