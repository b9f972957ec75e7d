import { parseEcrHost } from '../registry/ecr.js';
import { SECRET_KEYS, SECRET_NAMES } from '../secrets/names.js';
import type { BuildOutcome } from './client.js';

/** Why a test build did not push, one name per cause the user can act on. */
export type BuildCause =
  | 'registry-auth'
  | 'ecr-repository-missing'
  | 'ecr-permissions'
  | 'signature-rejected'
  | 'buildkit-tls'
  | 'buildkit-unreachable'
  | 'rootless-refused'
  | 'builder-busy'
  | 'builder-unreachable'
  | 'builder-error'
  | 'context-invalid'
  | 'base-image-pull'
  | 'timeout'
  | 'cancelled'
  | 'build-failed';

export interface Diagnosis {
  cause: BuildCause;
  /** What went wrong, in one or two sentences, with the user's names in it. */
  summary: string;
  /** What to do about it: commands and names filled in. */
  fix: string;
}

/** The names a fix mentions. Nothing secret: the key itself is never here. */
export interface DiagnosisContext {
  namespace: string;
  release: string;
  /** The pro-builder Deployment, when it was found. */
  deployment?: string;
  image: string;
  /** Set when the user gave --builder-url (no port-forward was made). */
  builderUrl?: string;
  /** Where the signing key came from: the cluster's payload-secret or a file the user named. */
  keySource: { kind: 'cluster' } | { kind: 'file'; path: string };
  /** proBuilder.maxInflight of the release, when known. */
  maxInflight?: number;
  /** buildkit.rootless of the release, when known. */
  buildkitMode?: 'rootless' | 'root';
  timeoutText?: string;
  /** What the doctor found about the workload, when it ran (lines such as "pods: no pod is Ready"). */
  workloadFindings?: string[];
}

/** Shell-quoted for display (never executed). */
export function shellQuote(arg: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
const cmd = (...args: string[]) => args.map(shellQuote).join(' ');

/** The registry host of an image reference (Docker's rule: the first part, when it looks like a host). */
export function registryHostOf(image: string): string {
  const first = image.split('/')[0] ?? '';
  return image.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost') ? first : 'docker.io';
}

/** The repository part of an image reference, without host, tag or digest. */
export function repositoryOf(image: string): string {
  const host = registryHostOf(image);
  let rest = image.startsWith(`${host}/`) ? image.slice(host.length + 1) : image;
  rest = rest.split('@')[0]!;
  const colon = rest.lastIndexOf(':');
  return colon > rest.lastIndexOf('/') ? rest.slice(0, colon) : rest;
}

function pushedHost(error: string, image: string): string {
  const m = /failed to push ([^\s:/]+(?::\d+)?)\//.exec(error) ?? /request to https?:\/\/([^/\s]+)\//.exec(error);
  return m?.[1] ?? registryHostOf(image);
}

function ns(c: DiagnosisContext): string[] {
  return ['-n', c.namespace];
}

function deploymentOf(c: DiagnosisContext): string {
  return c.deployment ?? 'pro-builder';
}

const PUSH_UNAUTHORIZED =
  /\b401 Unauthorized\b|unauthorized: |authentication required|no basic auth credentials|denied: requested access to the resource is denied/i;
const PUSH_FORBIDDEN = /\b403 Forbidden\b|denied: /i;
const ECR_REPO_MISSING = /repository with name '([^']+)' does not exist|name unknown: .*repository/i;
const ECR_NOT_AUTHORIZED = /not authorized to perform: (ecr:[A-Za-z]+)/;
const TLS = /x509: |tls: |authentication handshake failed|certificate/i;
/** The server ends the TLS connection after the handshake when it rejects the client certificate (TLS 1.3). */
const BUILDKIT_CONNECTION_DROPPED = /failed to list workers: .*(broken pipe|connection reset by peer)/i;
const ROOTLESS = /newuidmap|newgidmap|subuid|subgid|user namespaces?|unshare|apparmor|rootlesskit/i;
const BUILDKIT_UNAVAILABLE = /failed to list workers|connection refused|no such file or directory.*buildkit|Unavailable: /i;
const CONTEXT =
  /failed to read dockerfile|dockerfile parse error|failed to compute cache key|failed to calculate checksum|unknown instruction/i;
const BASE_PULL = /failed to resolve source metadata|pull access denied|failed to do request: Head .*manifests/i;

function tlsDetail(error: string): string {
  if (/doesn't contain any IP SANs|is valid for|not valid for any names/i.test(error)) {
    return "BuildKit's server certificate does not name the address the pro-builder dials (its IP or DNS SAN is missing or different)";
  }
  if (/remote error: tls: (unknown certificate authority|bad certificate)/i.test(error)) {
    return "BuildKit refused the pro-builder's client certificate: it was not issued by the CA BuildKit trusts";
  }
  if (/signed by unknown authority/i.test(error)) {
    return "the pro-builder does not trust BuildKit's server certificate: it was issued by a different CA than the one in the client secret";
  }
  if (/expired|not yet valid/i.test(error)) return 'a BuildKit certificate has expired or is not valid yet';
  return 'the TLS connection between the pro-builder and BuildKit failed';
}

function failedBuild(error: string, c: DiagnosisContext): Diagnosis {
  const host = pushedHost(error, c.image);
  const ecr = parseEcrHost(host);
  const secret = `${c.namespace}/${SECRET_NAMES.registry}`;
  const repoMissing = ECR_REPO_MISSING.exec(error);
  if (repoMissing) {
    const repository = repoMissing[1] ?? repositoryOf(c.image);
    const region = ecr?.region;
    return {
      cause: 'ecr-repository-missing',
      summary: `The ECR repository ${repository} does not exist${ecr ? ` in account ${ecr.accountId} (${ecr.region})` : ''}; ECR does not create repositories on push.`,
      fix: `Create it, then run the test build again: ${cmd('aws', 'ecr', 'create-repository', '--repository-name', repository, ...(region ? ['--region', region] : []))}`,
    };
  }
  const notAuthorized = ECR_NOT_AUTHORIZED.exec(error);
  if (notAuthorized) {
    return {
      cause: 'ecr-permissions',
      summary: `The AWS identity the pro-builder uses may not push to ${host}: it lacks ${notAuthorized[1]}.`,
      fix:
        'Give the IAM role (IRSA) or user the ECR push permissions: write the policy with ' +
        `${cmd('probuilder-setup', 'install', '--registry', 'ecr-irsa', '--iam-policy-file', 'ecr-policy.json', ...ns(c), '--dry-run')} and attach it, then run the test build again.`,
    };
  }
  if (
    /failed to push|push access denied|unexpected status from (HEAD|PUT|POST|PATCH)/i.test(error) &&
    (PUSH_UNAUTHORIZED.test(error) || PUSH_FORBIDDEN.test(error))
  ) {
    const forbidden = !PUSH_UNAUTHORIZED.test(error);
    return {
      cause: 'registry-auth',
      summary: forbidden
        ? `${host} refused the push (403 Forbidden): the account in ${secret} may not push to ${repositoryOf(c.image)}.`
        : `${host} refused the push (401 Unauthorized): ${secret} (key ${SECRET_KEYS.registry}) has no valid credentials for ${host}.`,
      fix: forbidden
        ? `Give that account push rights on ${repositoryOf(c.image)} (or use a token with write:packages / push scope), or pass --image with a repository it may push to.`
        : `Put a working user name and token for ${host} into ${secret}: ` +
          `${cmd('probuilder-setup', 'install', '--registry', 'private', '--registry-server', host, '--registry-username', 'USER', '--registry-password-file', 'TOKEN_FILE', ...ns(c))}` +
          ' rewrites it; then run the test build again.',
    };
  }
  if (TLS.test(error)) {
    return {
      cause: 'buildkit-tls',
      summary: `The pro-builder could not talk to BuildKit over mTLS: ${tlsDetail(error)}.`,
      fix:
        `Issue both certificates again from one CA: ${cmd('probuilder-setup', 'rotate', 'certs', ...ns(c))} ` +
        `(rewrites ${SECRET_NAMES.daemonCerts} and ${SECRET_NAMES.clientCerts} and restarts ${deploymentOf(c)}).`,
    };
  }
  if (BUILDKIT_CONNECTION_DROPPED.test(error)) {
    return {
      cause: 'buildkit-tls',
      summary:
        'BuildKit dropped the connection as soon as the pro-builder spoke (broken pipe / reset): over mTLS (charts before 0.6) that is BuildKit refusing the client certificate, issued by a CA it does not trust.',
      fix:
        `Issue both certificates again from one CA: ${cmd('probuilder-setup', 'rotate', 'certs', ...ns(c))} ` +
        `(rewrites ${SECRET_NAMES.daemonCerts} and ${SECRET_NAMES.clientCerts} and restarts ${deploymentOf(c)}).`,
    };
  }
  if (ROOTLESS.test(error)) {
    return {
      cause: 'rootless-refused',
      summary: `The node refused rootless BuildKit${c.buildkitMode ? ` (buildkit mode: ${c.buildkitMode})` : ''}: it needs user namespaces, newuidmap/newgidmap with subuid ranges and an unconfined AppArmor profile.`,
      fix:
        'Allow unprivileged user namespaces on the nodes, or run BuildKit as root (values buildkit.rootless: false): ' +
        `${cmd('probuilder-setup', 'install', '--buildkit-mode', 'root', ...ns(c))}.`,
    };
  }
  if (BUILDKIT_UNAVAILABLE.test(error)) {
    return {
      cause: 'buildkit-unreachable',
      summary: 'The pro-builder could not reach its BuildKit daemon.',
      fix: `See why the buildkit container is not serving: ${cmd('probuilder-setup', 'doctor', ...ns(c))} and ${cmd('kubectl', 'logs', ...ns(c), `deploy/${deploymentOf(c)}`, '-c', 'buildkit')}.`,
    };
  }
  if (BASE_PULL.test(error)) {
    return {
      cause: 'base-image-pull',
      summary: 'BuildKit could not pull a base image named in the Dockerfile.',
      fix: 'Check the FROM lines: the image must exist and be public, or its registry must be in the registry-secret too.',
    };
  }
  if (CONTEXT.test(error)) {
    return {
      cause: 'context-invalid',
      summary: 'BuildKit could not use the build context or its Dockerfile.',
      fix: 'Fix the Dockerfile or the files it copies (see the build log), then run the test build again.',
    };
  }
  return {
    cause: 'build-failed',
    summary: `The build failed: ${error}`,
    fix: `Read the build log above; for the builder's side run ${cmd('probuilder-setup', 'doctor', ...ns(c))}.`,
  };
}

/** The cause of a build that did not push, and the fix with the user's names filled in. */
export function diagnoseBuild(outcome: Exclude<BuildOutcome, { kind: 'success' }>, c: DiagnosisContext): Diagnosis {
  switch (outcome.kind) {
    case 'failed':
      return failedBuild(outcome.error, c);
    case 'rejected':
      return rejected(outcome.status, outcome.body, c);
    case 'unreachable': {
      const findings = c.workloadFindings?.length ? ` The doctor found: ${c.workloadFindings.join('; ')}.` : '';
      if (c.builderUrl) {
        return {
          cause: 'builder-unreachable',
          summary: `Nothing answered at ${c.builderUrl} (${outcome.code ?? outcome.message}).${findings}`,
          fix: `Check the URL (an ingress or your own port-forward must be running), or leave --builder-url out to reach the pod through the Kubernetes API.`,
        };
      }
      return {
        cause: 'builder-unreachable',
        summary: `The pro-builder pod did not answer on port 8080 through the port-forward (${outcome.code ?? outcome.message}).${findings}`,
        fix: `See why it is not serving: ${cmd('probuilder-setup', 'doctor', ...ns(c))}.`,
      };
    }
    case 'incomplete':
      return {
        cause: 'builder-error',
        summary: `The build's answer was cut off: ${outcome.message}.`,
        fix: `Run the test build again; if it repeats, look at the pro-builder: ${cmd('probuilder-setup', 'doctor', ...ns(c))}.`,
      };
    case 'timeout':
      return {
        cause: 'timeout',
        summary: `The build did not finish within ${c.timeoutText ?? 'the timeout'}.`,
        fix: `A first build can be slow; run it again with a longer --timeout (e.g. --timeout 15m), and if it hangs, ${cmd('probuilder-setup', 'doctor', ...ns(c))}.`,
      };
    case 'cancelled':
      return { cause: 'cancelled', summary: 'The test build was cancelled.', fix: 'Run it again when you are ready.' };
  }
}

function rejected(status: number, body: string, c: DiagnosisContext): Diagnosis {
  const said = body ? ` It said: ${body.split('\n')[0]!.slice(0, 300)}` : '';
  if (status === 401 || status === 403) {
    const secret = `${c.namespace}/${SECRET_NAMES.payload}`;
    return {
      cause: 'signature-rejected',
      summary:
        c.keySource.kind === 'file'
          ? `The builder rejected the request signature (${status}): the key in ${c.keySource.path} is not the one the pro-builder has (${secret}); payload.txt and payload-secret differ.${said}`
          : `The builder rejected the request signature (${status}) although it was signed with ${secret}: the pro-builder is running with an older key (the secret changed after the pod started).${said}`,
      fix:
        c.keySource.kind === 'file'
          ? `Use the cluster's key (leave --payload-secret-file out), or make both the same with ${cmd('probuilder-setup', 'rotate', 'signing-secret', ...ns(c))}.`
          : `Restart the pro-builder so it reads the current key: ${cmd('kubectl', 'rollout', 'restart', ...ns(c), `deployment/${deploymentOf(c)}`)}.`,
    };
  }
  if (status === 429) {
    return {
      cause: 'builder-busy',
      summary: `The builder is at its limit of concurrent builds${c.maxInflight ? ` (proBuilder.maxInflight: ${c.maxInflight})` : ''} and refused another one (429).`,
      fix: 'Wait for the running builds to finish and run the test build again, or raise proBuilder.maxInflight in your values file and upgrade the release.',
    };
  }
  if (status === 404) {
    return {
      cause: 'builder-error',
      summary: `${c.builderUrl ?? 'The forwarded port'} has no /build endpoint (404): it is not the pro-builder's API.${said}`,
      fix: c.builderUrl
        ? 'Point --builder-url at the pro-builder service (port 8080), without a path.'
        : `Check the pods: ${cmd('probuilder-setup', 'doctor', ...ns(c))}.`,
    };
  }
  return {
    cause: 'builder-error',
    summary: `The builder refused the build with HTTP ${status}.${said}`,
    fix: `Look at the pro-builder's log: ${cmd('kubectl', 'logs', ...ns(c), `deploy/${deploymentOf(c)}`, '-c', 'pro-builder')}.`,
  };
}
