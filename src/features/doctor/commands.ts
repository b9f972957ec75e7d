import { displayCommand } from '../../platform/helm/helm.js';
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
  return shellCommand([TOOL, 'install', '--namespace', namespace, '--release', release]);
}

export function createNamespaceCommand(namespace: string): string {
  return shellCommand(['kubectl', 'create', 'namespace', namespace]);
}

/** How to (re)create one of the chart's secrets by hand; the wizard does the same for all of them. */
export function secretCreateCommand(secret: string, namespace: string): string {
  switch (secret) {
    case LICENSE_SECRET:
      // $HOME in double quotes: expanded by the shell, and a home folder with a space stays one argument.
      return `kubectl create secret generic ${LICENSE_SECRET} --from-file "license=$HOME/.openfaas/LICENSE" -n ${shellQuote(namespace)}`;
    case PAYLOAD_SECRET:
      // Not --from-file ./payload.txt: that file may hold the very bytes (a trailing newline) the check refuses.
      return rotateSigningSecretCommand(namespace);
    case REGISTRY_SECRET:
      return shellCommand([
        'kubectl',
        'create',
        'secret',
        'generic',
        REGISTRY_SECRET,
        '--from-file',
        'config.json=./config.json',
        '-n',
        namespace,
      ]);
    case DAEMON_CERTS_SECRET:
    case CLIENT_CERTS_SECRET:
      return shellCommand([TOOL, 'rotate', 'certs', '--namespace', namespace]);
    default:
      // The chart mounts awsCredentialsSecret with the file named like the secret.
      return shellCommand([
        'kubectl',
        'create',
        'secret',
        'generic',
        secret,
        '--from-file',
        `${secret}=./ecr-credentials.txt`,
        '-n',
        namespace,
      ]);
  }
}

/** Secrets are replaced, not edited: delete, then create again (the fix line), or let the wizard do it. */
export function replaceSecretHint(secret: string, namespace: string): string {
  return `Delete it (${shellCommand(['kubectl', 'delete', 'secret', secret, '-n', namespace])}) and create it again with the command below, or re-run ${shellCommand([TOOL, 'install', '--namespace', namespace])}.`;
}

/** A fresh signing secret: payload.txt rewritten (old copy kept) and payload-secret replaced, then the pods restarted. */
export function rotateSigningSecretCommand(namespace: string): string {
  return shellCommand([TOOL, 'rotate', 'signing-secret', '--namespace', namespace]);
}

/**
 * helm upgrade that changes only the given values: pinned to the installed chart version (no newer
 * chart slips in), and --reset-then-reuse-values (helm 3.14+, 4) so the chart's own defaults are
 * rendered with the release's values on top, never a new chart with only the old chart's values.
 */
export function helmSetCommand(
  release: string,
  namespace: string,
  chartVersion: string | undefined,
  set: Record<string, string | number | boolean>,
): string {
  const args = ['upgrade', release, 'openfaas/pro-builder', '--namespace', namespace];
  if (chartVersion) args.push('--version', chartVersion);
  args.push('--reset-then-reuse-values');
  for (const [k, v] of Object.entries(set)) args.push('--set', `${k}=${String(v)}`);
  return displayCommand('helm', args);
}

export function restartCommand(namespace: string, deployment: string): string {
  return shellCommand(['kubectl', 'rollout', 'restart', `deployment/${deployment}`, '-n', namespace]);
}

export function privilegedNamespaceCommand(namespace: string): string {
  return shellCommand(['kubectl', 'label', 'namespace', namespace, 'pod-security.kubernetes.io/enforce=privileged', '--overwrite']);
}
