import { describe, expect, it } from 'vitest';
import { matchLogPatterns } from './logPatterns.js';

describe('matchLogPatterns', () => {
  it('recognises TLS failures between pro-builder and BuildKit and names the fix', () => {
    const log = [
      '2025/03/14 11:45:01 Starting pro-builder',
      '2025/03/14 11:45:02 failed to connect to buildkit: rpc error: code = Unavailable desc = connection error: desc = "transport: authentication handshake failed: tls: failed to verify certificate: x509: certificate signed by unknown authority"',
      '2025/03/14 11:45:07 failed to connect to buildkit: rpc error: code = Unavailable desc = connection error: desc = "transport: authentication handshake failed: tls: failed to verify certificate: x509: certificate signed by unknown authority"',
    ].join('\n');
    const [f, ...rest] = matchLogPatterns('pro-builder', log);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ code: 'tls-unknown-authority', container: 'pro-builder', count: 2 });
    expect(f!.lines).toHaveLength(2);
    expect(f!.hint).toContain('probuilder-setup rotate certs');
  });

  it('reads the wrong-name and expiry variants', () => {
    const wrongName = matchLogPatterns(
      'pro-builder',
      'transport: authentication handshake failed: tls: failed to verify certificate: x509: certificate is valid for 10.0.0.1, not 127.0.0.1"',
    );
    expect(wrongName[0]).toMatchObject({
      code: 'tls-wrong-name',
      message: "BuildKit's server certificate is valid for 10.0.0.1, not 127.0.0.1.",
    });
    const expired = matchLogPatterns(
      'buildkit',
      'http: TLS handshake error from 127.0.0.1:40122: tls: failed to verify certificate: x509: certificate has expired or is not yet valid: current time 2025-03-14T12:00:00Z is after 2025-03-01T00:00:00Z',
    );
    expect(expired[0]?.code).toBe('tls-expired');
  });

  it('recognises rootless user-namespace failures', () => {
    for (const line of [
      '[rootlesskit:parent] error: failed to start the child: fork/exec /proc/self/exe: operation not permitted',
      'failed to setup UID/GID map: newuidmap 20 [0 1000 1 1 100000 65536] failed: : fork/exec /usr/bin/newuidmap: operation not permitted',
      'cat /proc/sys/user/max_user_namespaces: 0',
    ]) {
      expect(matchLogPatterns('buildkit', line)[0]?.code, line).toBe('rootless-userns');
    }
  });

  it('recognises registry and ECR auth errors and license errors', () => {
    expect(
      matchLogPatterns(
        'pro-builder',
        'error: failed to push ttl.sh/fn:1h: failed to authorize: failed to fetch oauth token: unexpected status: 401 Unauthorized',
      )[0]?.code,
    ).toBe('registry-auth');
    expect(matchLogPatterns('pro-builder', 'push access denied: denied: requested access to the resource is denied')[0]?.code).toBe(
      'registry-auth',
    );
    expect(
      matchLogPatterns('pro-builder', 'error getting credentials - err: exit status 1, out: `no basic auth credentials`')[0]?.code,
    ).toBe('ecr-credentials');
    expect(matchLogPatterns('pro-builder', '2025/03/14 11:40:02 unable to validate license: license has expired')[0]?.code).toBe('license');
  });

  it('quotes only matching lines, truncated', () => {
    const long = `x509: certificate signed by unknown authority ${'a'.repeat(500)}`;
    const [f] = matchLogPatterns('pro-builder', `harmless line with a token-like value abc123\n${long}`);
    expect(f!.lines).toHaveLength(1);
    expect(f!.lines[0]!.length).toBeLessThanOrEqual(200);
    expect(f!.lines.join('\n')).not.toContain('harmless');
  });

  it('finds nothing in a normal log', () => {
    expect(matchLogPatterns('buildkit', 'time="2025-03-14T11:43:10Z" level=info msg="running server on 127.0.0.1:1234"\n')).toEqual([]);
  });
});

describe('failure patterns from the field (real message texts)', () => {
  it.each([
    [
      'newuidmap-refused',
      '[rootlesskit:parent] error: failed to setup UID/GID map: newuidmap 21 [0 1000 1 1 100000 65536] failed: newuidmap: Could not set caps',
    ],
    ['apparmor-rootless', '[rootlesskit:child ] error: failed to share mount point: /: permission denied'],
    [
      'proc-mount',
      'error: failed to solve: process "/bin/sh -c go build" did not complete successfully: runc run failed: unable to start container process: error during container init: error mounting "proc" to rootfs at "/proc": mount proc:/proc (via /proc/self/fd/7), flags: 0xe: operation not permitted',
    ],
    [
      'rootless-not-mapped-root',
      'buildkitd: rootless mode requires to be executed as the mapped root in a user namespace; you may use RootlessKit for setting up the namespace',
    ],
    [
      'no-subuid',
      '[rootlesskit:parent] error: failed to setup UID/GID map: failed to compute uid/gid map: No subuid ranges found for user 1000 ("user")',
    ],
    [
      'buildkit-socket-access',
      'failed to dial gRPC: cannot connect to the BuildKit daemon: dial unix /run/user/1000/buildkit/buildkitd.sock: connect: permission denied',
    ],
    ['buildkit-socket-access', 'dial unix /run/buildkit/buildkitd.sock: connect: no such file or directory'],
    [
      'ecr-repository-missing',
      "error: failed to push 123456789012.dkr.ecr.eu-west-1.amazonaws.com/fn:latest: name unknown: The repository with name 'fn' does not exist in the registry with id '123456789012'",
    ],
    [
      'ecr-push-forbidden',
      'failed to push: unexpected status from PUT request to https://123456789012.dkr.ecr.eu-west-1.amazonaws.com/v2/fn/manifests/latest: 403 Forbidden',
    ],
    [
      'no-space',
      'error: failed to copy: write /home/user/.local/share/buildkit/runc-overlayfs/content/ingest/abc/data: no space left on device',
    ],
    ['exec-format', 'exec /usr/bin/buildkitd: exec format error'],
  ])('%s: %s', (code, line) => {
    const [finding] = matchLogPatterns('buildkit', line);
    expect(finding?.code).toBe(code);
    expect(finding?.hint.length).toBeGreaterThan(20);
  });

  it("AppArmor: explains the chart's annotation that never takes effect, and the field install writes instead", () => {
    // newuidmap's "Could not set caps" has its own finding (no_new_privs or AppArmor); this mount failure is AppArmor's alone.
    const [finding] = matchLogPatterns('buildkit', '[rootlesskit:child ] error: failed to share mount point: /: permission denied');
    expect(finding?.code).toBe('apparmor-rootless');
    expect(finding?.hint).toContain('on the Deployment, not the pod');
    expect(finding?.hint).toContain('"buildkitd" that does not exist');
    expect(finding?.hint).toContain('appArmorProfile {type: Unconfined}, which probuilder-setup install writes into custom-values.yaml');
  });

  it('still reads a missing user namespace as such', () => {
    expect(matchLogPatterns('buildkit', 'cat /proc/sys/user/max_user_namespaces: 0')[0]?.code).toBe('rootless-userns');
  });
});
