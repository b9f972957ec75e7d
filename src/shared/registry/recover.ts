import type { V1Secret, V1ServiceAccount } from '@kubernetes/client-node';
import type { RegistryAnswer } from './answer.js';
import { decodeSecretData } from '../secrets/secretData.js';
import { IRSA_ROLE_ANNOTATION, SECRET_KEYS } from '../secrets/names.js';
import { analyzeDockerConfig } from './analyzeDockerConfig.js';
import { parseEcrHost } from './ecr.js';

/**
 * The registry a previous install chose, as far as the cluster tells without any credential: the
 * kind, and the server, user name, AWS account, region and role that the forms ask for again. A
 * password, token or AWS key is never part of it.
 */
export interface RecoveredRegistry {
  /** ecr-pod-identity: ECR whose service account has no role annotation (EKS Pod Identity gives the role). */
  kind: RegistryAnswer['kind'] | 'ecr-pod-identity';
  server?: string;
  username?: string;
  accountId?: string;
  region?: string;
  roleArn?: string;
}

/** The user name inside a docker auths entry: its own field, else the part of `auth` before ":". */
function usernameOf(entry: unknown): string | undefined {
  if (typeof entry !== 'object' || entry === null) return undefined;
  const { username, auth } = entry as { username?: unknown; auth?: unknown };
  if (typeof username === 'string' && username !== '') return username;
  if (typeof auth !== 'string') return undefined;
  const decoded = Buffer.from(auth, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon > 0 ? decoded.slice(0, colon) : undefined;
}

/**
 * What the registry-secret of an earlier install (and the IRSA service account, when there is one)
 * say was chosen: an ECR host means ECR, with IRSA when the service account carries a role, with EKS
 * Pod Identity when it carries none, with a shared credential when there is no account; one
 * other host means a private registry; no host means ttl.sh; several mean an imported Docker
 * config. Undefined when there is no secret or it is not a registry config.
 */
export function recoverRegistryChoice(
  registrySecret: V1Secret | undefined,
  irsaServiceAccount?: V1ServiceAccount,
): RecoveredRegistry | undefined {
  if (!registrySecret) return undefined;
  const text = decodeSecretData(registrySecret)[SECRET_KEYS.registry]?.toString('utf8');
  if (text === undefined) return undefined;
  const { config, hosts } = analyzeDockerConfig(text);
  if (!config) return undefined;
  for (const host of hosts) {
    const ecr = parseEcrHost(host);
    if (!ecr) continue;
    const roleArn = irsaServiceAccount?.metadata?.annotations?.[IRSA_ROLE_ANNOTATION];
    if (roleArn) return { kind: 'ecr-irsa', ...ecr, roleArn };
    // The shared-credential path makes no service account; one without a role is the Pod Identity path's.
    return irsaServiceAccount ? { kind: 'ecr-pod-identity', ...ecr } : { kind: 'ecr', ...ecr };
  }
  if (hosts.length === 0) return { kind: 'ttlsh' };
  if (hosts.length > 1) return { kind: 'docker-config' };
  const server = hosts[0]!;
  return { kind: 'private', server, username: usernameOf(config.auths?.[server]) };
}
