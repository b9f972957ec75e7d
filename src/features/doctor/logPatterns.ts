import { CLIENT_CERTS_SECRET, DAEMON_CERTS_SECRET, LICENSE_SECRET, REGISTRY_SECRET, TOOL } from './commands.js';
import { truncate } from './result.js';

export type LogFindingCode =
  | 'tls-unknown-authority'
  | 'tls-wrong-name'
  | 'tls-expired'
  | 'tls-handshake'
  | 'newuidmap-refused'
  | 'apparmor-rootless'
  | 'proc-mount'
  | 'rootless-not-mapped-root'
  | 'no-subuid'
  | 'buildkit-socket-access'
  | 'ecr-repository-missing'
  | 'ecr-push-forbidden'
  | 'no-space'
  | 'exec-format'
  | 'rootless-userns'
  | 'registry-auth'
  | 'ecr-credentials'
  | 'license'
  | 'builder-busy'
  | 'signature-rejected';

export interface LogFinding {
  code: LogFindingCode;
  container: string;
  severity: 'fail' | 'warn';
  message: string;
  hint: string;
  /** The matching lines only (first few), each truncated. */
  lines: string[];
  /** How many lines matched in total. */
  count: number;
}

interface Pattern {
  code: LogFindingCode;
  test: RegExp;
  message: (line: string, container: string) => string;
  hint: string;
  /** Default fail; warn for what passes by itself (a busy builder). */
  severity?: 'fail' | 'warn';
}

const PATTERNS: Pattern[] = [
  {
    code: 'tls-unknown-authority',
    test: /x509: certificate signed by unknown authority|certificate verify failed: unable to get local issuer/i,
    message: () => "pro-builder and BuildKit do not trust each other's certificates (different CAs).",
    hint: `${DAEMON_CERTS_SECRET} and ${CLIENT_CERTS_SECRET} must come from the same CA: regenerate both with ${TOOL} rotate certs.`,
  },
  {
    code: 'tls-wrong-name',
    test: /x509: certificate is valid for .*?, not \S+|certificate is not valid for any names|doesn't contain any IP SANs/i,
    message: (line) => {
      const m = /certificate is valid for (.*?), not (\S+)/.exec(line);
      return m
        ? `BuildKit's server certificate is valid for ${m[1]}, not ${m[2]!.replace(/[",]+$/, '')}.`
        : "BuildKit's server certificate does not name 127.0.0.1.";
    },
    hint: `The server certificate needs IP SAN 127.0.0.1 (pro-builder dials tcp://127.0.0.1:1234): regenerate with ${TOOL} rotate certs.`,
  },
  {
    code: 'tls-expired',
    test: /x509: certificate has expired or is not yet valid/i,
    message: () => 'A BuildKit mTLS certificate has expired (or is not valid yet).',
    hint: `Regenerate the certificates with ${TOOL} rotate certs; also check the node clocks.`,
  },
  {
    code: 'tls-handshake',
    // A client certificate BuildKit refuses can also end as a broken pipe while listing workers (seen with buildctl).
    test: /tls: (?:bad certificate|failed to verify certificate|handshake failure|unknown certificate authority|certificate required)|remote error: tls:|first record does not look like a TLS handshake|TLS handshake error|failed to list workers: [^\n]*broken pipe/i,
    message: () => 'The TLS handshake between pro-builder and BuildKit fails.',
    hint: `Check the certificate secrets (see the Secrets checks); regenerating both with ${TOOL} rotate certs fixes mismatched pairs.`,
  },
  {
    // Before rootless-userns: newuidmap ran, but without the privilege its setuid bit or file
    // capabilities give it (no_new_privs from allowPrivilegeEscalation: false, or an AppArmor profile).
    code: 'newuidmap-refused',
    test: /new[ug]idmap: (?:Could not set caps|write to [ug]id_map failed: Operation not permitted)/i,
    message: () => "newuidmap may not map the user namespace's IDs: it runs without its setuid bit or file capabilities.",
    hint:
      'allowPrivilegeEscalation: false on the BuildKit container (no_new_privs) disables both, and an AppArmor profile can too: leave allowPrivilegeEscalation unset for the rootless BuildKit container, ' +
      `give it securityContext.appArmorProfile {type: Unconfined} on Kubernetes 1.30+, or install with ${TOOL} install --buildkit-mode root on a dedicated node pool.`,
  },
  {
    // Before rootless-userns: this mount failure is AppArmor's, not a missing user namespace.
    code: 'apparmor-rootless',
    test: /failed to share mount point: [^\n]*permission denied/i,
    message: () => 'AppArmor stops rootless BuildKit from setting up its user namespace.',
    hint:
      'The chart\'s container.apparmor.security.beta.kubernetes.io annotation never takes effect (it sits on the Deployment, not the pod, and names a container "buildkitd" that does not exist). ' +
      `On Kubernetes 1.30+ the BuildKit container needs securityContext.appArmorProfile {type: Unconfined}, which ${TOOL} install writes into custom-values.yaml for rootless BuildKit (run it again); or use --buildkit-mode root on a dedicated node pool.`,
  },
  {
    code: 'proc-mount',
    test: /mount proc:\/proc[^\n]*operation not permitted/i,
    message: () => 'BuildKit cannot mount /proc for the build container (the node masks /proc for unprivileged containers).',
    hint: 'Rootless BuildKit on such nodes needs --oci-worker-no-process-sandbox, or --buildkit-mode root. Container-Optimized OS and Bottlerocket nodes usually need root mode.',
  },
  {
    code: 'rootless-not-mapped-root',
    test: /rootless mode requires to be executed as the mapped root/i,
    message: () => "buildkitd was started in rootless mode outside RootlessKit's user namespace.",
    hint: 'A custom buildkit.securityContext or image overrides what the rootless image expects (user 1000, its rootlesskit entrypoint): remove the override, or use a matching -rootless image.',
  },
  {
    code: 'no-subuid',
    test: /No subuid ranges found|no subuid ranges/i,
    message: () => 'The BuildKit image has no /etc/subuid range for its user.',
    hint: 'Use the moby/buildkit:<version>-rootless image as the chart ships it, and run it as user 1000.',
  },
  {
    code: 'buildkit-socket-access',
    test: /dial unix [^\n]*buildkitd\.sock: connect: (?:permission denied|no such file or directory)/i,
    message: (line) =>
      /permission denied/i.test(line)
        ? 'pro-builder may not open the BuildKit socket.'
        : 'The BuildKit socket is not there (BuildKit is not running or listens elsewhere).',
    hint: "A custom proBuilder.securityContext that drops group 1000 loses access to the socket: keep runAsGroup/supplemental group 1000, or remove the override. Otherwise check the buildkit container's logs.",
  },
  {
    code: 'ecr-repository-missing',
    test: /name unknown: The repository with name '[^']*' does not exist in the registry/i,
    message: (line) =>
      `The ECR repository does not exist (${/repository with name '([^']*)'/.exec(line)?.[1] ?? '?'}); ECR does not create repositories on push.`,
    hint: 'Create it first: aws ecr create-repository --repository-name <name> --region <region> (or enable ECR repository creation templates).',
  },
  {
    code: 'ecr-push-forbidden',
    test: /dkr\.ecr\.[^\n]*\/manifests\/[^\n]*403 Forbidden/i,
    message: () => 'ECR refused the image manifest (403 on PUT).',
    hint: 'The IAM policy must allow ecr:PutImage (and the layer upload actions) on the repository; an immutable tag that already exists is refused the same way.',
  },
  {
    code: 'no-space',
    // Not rootlesskit's clone of its child: ENOSPC there is the user-namespace limit (max_user_namespaces), not the disk.
    test: /^(?![^\n]*failed to start the child)[^\n]*no space left on device/i,
    message: () => 'The node ran out of disk space during a build.',
    hint: 'Give BuildKit more ephemeral storage (or a larger node disk), and prune its cache; the pod may also be evicted for ephemeral-storage.',
  },
  {
    code: 'exec-format',
    test: /exec format error/i,
    message: () => 'A binary was built for another CPU architecture than the node (e.g. an amd64 image on an arm64 node).',
    hint: "Build for the node's platform, or pin the pro-builder to nodes of the image's architecture with nodeSelector kubernetes.io/arch.",
  },
  {
    code: 'rootless-userns',
    test: /newuidmap|newgidmap|max_user_namespaces|\[rootlesskit:(?:parent|child)\].*(?:operation not permitted|permission denied)|failed to start the child: fork\/exec \/proc\/self\/exe|unshare.*operation not permitted|user namespaces? (?:is|are) not (?:enabled|supported)/i,
    message: () => 'Rootless BuildKit cannot create a user namespace on this node.',
    hint:
      'Rootless mode needs unprivileged user namespaces on the nodes (sysctl user.max_user_namespaces > 0; on Ubuntu 23.10+ also ' +
      'kernel.apparmor_restrict_unprivileged_userns=0) and seccomp Unconfined. If the nodes cannot allow that, install with ' +
      `${TOOL} install --buildkit-mode root on a dedicated node pool.`,
  },
  {
    code: 'ecr-credentials',
    test: /docker-credential-ecr-login|ecr-login|error getting credentials|NoCredentialProviders|no EC2 IMDS role found|WebIdentityErr|AccessDeniedException.*ecr|ecr:GetAuthorizationToken/i,
    message: () => 'The ECR credential helper could not get credentials.',
    hint: 'With IRSA check the IRSA checks (role annotation, OIDC issuer, fsGroup 65534); with a shared credentials file check the aws-ecr-credentials secret and that the IAM policy allows ecr:GetAuthorizationToken.',
  },
  {
    code: 'registry-auth',
    test: /401 Unauthorized|unauthorized: (?:authentication required|incorrect username or password)|denied: requested access to the resource is denied|no basic auth credentials|failed to authorize|failed to fetch (?:oauth|anonymous) token|insufficient_scope|403 Forbidden.*(?:push|blobs|manifests)/i,
    message: () => 'The registry refused the push credentials.',
    hint: `Check ${REGISTRY_SECRET} (auths for the exact registry host; a token with push rights), and for ECR that the repository exists.`,
  },
  {
    code: 'builder-busy',
    // Not a bare 429: a registry's rate limit (toomanyrequests) is another cause.
    test: /concurrent build limit reached|max_?inflight[^\n]*reached/i,
    severity: 'warn',
    message: () => 'The pro-builder turned builds away: its concurrent build limit (proBuilder.maxInflight) was reached.',
    hint: `Clients may retry later. To allow more builds at once raise the limit (0 = no limit): ${TOOL} install --max-inflight <n>, or add replicas.`,
  },
  {
    code: 'signature-rejected',
    test: /X-Build-Signature (?:header is missing|does not match)|signature (?:mismatch|does not match|is invalid)/i,
    message: () => 'The pro-builder refused build requests not signed with its payload-secret.',
    hint: `Build clients must sign with the payload.txt that matches the payload-secret secret: after ${TOOL} rotate signing-secret hand them the new payload.txt; ${TOOL} test-build shows whether the cluster's key works.`,
  },
  {
    code: 'license',
    test: /licen[cs]e[^\n]{0,60}(?:invalid|expired|not found|no such file|unable to|failed|error|not valid)|(?:invalid|expired) licen[cs]e/i,
    message: () => 'The pro-builder rejected its license.',
    hint: `Check the ${LICENSE_SECRET} secret (key "license", the license text without extra lines) and that the license is current.`,
  },
];

const MAX_QUOTED_LINES = 3;

/** Known failure signatures in a container's recent log lines; only matching lines are quoted. */
export function matchLogPatterns(container: string, text: string): LogFinding[] {
  const found = new Map<LogFindingCode, LogFinding>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line) continue;
    // First match per line wins, in pattern order: the more specific x509 texts come before the generic handshake one.
    const p = PATTERNS.find((pat) => pat.test.test(line));
    if (!p) continue;
    const existing = found.get(p.code);
    if (existing) {
      existing.count++;
      if (existing.lines.length < MAX_QUOTED_LINES) existing.lines.push(truncate(line));
      continue;
    }
    found.set(p.code, {
      code: p.code,
      container,
      severity: p.severity ?? 'fail',
      message: p.message(line, container),
      hint: p.hint,
      lines: [truncate(line)],
      count: 1,
    });
  }
  return [...found.values()];
}
