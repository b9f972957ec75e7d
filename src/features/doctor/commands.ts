import { SECRET_NAMES } from '../../shared/secrets/index.js';
import { shellCommand, shellQuote } from '../../platform/shellQuote.js';

/** Fix command lines with the install's real names filled in. Shown to users, never executed here. */

export const TOOL = 'probuilder-setup';

/** The chart's fixed secret names (what the Deployment mounts). */
export const LICENSE_SECRET = SECRET_NAMES.license;
export const PAYLOAD_SECRET = SECRET_NAMES.payload;
export const REGISTRY_SECRET = SECRET_NAMES.registry;
export const DAEMON_CERTS_SECRET = SECRET_NAMES.daemonCerts;
export const CLIENT_CERTS_SECRET = SECRET_NAMES.clientCerts;

export function installCommand(namespace: string, release: string): string {
  return `${TOOL} install --namespace ${namespace} --release ${release}`;
}

export function createNamespaceCommand(namespace: string): string {
  return `kubectl create namespace ${namespace}`;
}

/** How to (re)create one of the chart's secrets by hand; the wizard does the same for all of them. */
export function secretCreateCommand(secret: string, namespace: string): string {
  switch (secret) {
    case LICENSE_SECRET:
      return `kubectl create secret generic ${LICENSE_SECRET} --from-file license=$HOME/.openfaas/LICENSE -n ${shellQuote(namespace)}`;
    case PAYLOAD_SECRET:
      return shellCommand(['kubectl', 'create', 'secret', 'generic', PAYLOAD_SECRET, '--from-file', 'payload-secret=./payload.txt', '-n', namespace]);
    case REGISTRY_SECRET:
      return shellCommand(['kubectl', 'create', 'secret', 'generic', REGISTRY_SECRET, '--from-file', 'config.json=./config.json', '-n', namespace]);
    case DAEMON_CERTS_SECRET:
    case CLIENT_CERTS_SECRET:
      return shellCommand([TOOL, 'rotate', 'certs', '--namespace', namespace]);
    default:
      // The chart mounts awsCredentialsSecret with the file named like the secret.
      return shellCommand(['kubectl', 'create', 'secret', 'generic', secret, '--from-file', `${secret}=./ecr-credentials.txt`, '-n', namespace]);
  }
}

/** Secrets are replaced, not edited: delete, then create again (the fix line), or let the wizard do it. */
export function replaceSecretHint(secret: string, namespace: string): string {
  return `Delete it (${shellCommand(['kubectl', 'delete', 'secret', secret, '-n', namespace])}) and create it again with the command below, or re-run ${shellCommand([TOOL, 'install', '--namespace', namespace])}.`;
}

export function restartCommand(namespace: string, deployment: string): string {
  return shellCommand(['kubectl', 'rollout', 'restart', `deployment/${deployment}`, '-n', namespace]);
}

export function privilegedNamespaceCommand(namespace: string): string {
  return `kubectl label namespace ${namespace} pod-security.kubernetes.io/enforce=privileged --overwrite`;
}
