import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diagnoseBuild, registryHostOf, repositoryOf, type DiagnosisContext } from './diagnose.js';

/** Real texts recorded from buildctl/buildkitd/rootlesskit in the test bed (test/fixtures/buildkit). */
const fixture = (name: string) =>
  readFileSync(resolve(import.meta.dirname, '../../../test/fixtures/buildkit', `${name}.txt`), 'utf8').trim();

const ctx: DiagnosisContext = {
  namespace: 'openfaas',
  release: 'pro-builder',
  deployment: 'pro-builder',
  image: '127.0.0.1:46221/team/wrong-password:v1',
  keySource: { kind: 'cluster' },
};
const failed = (error: string, c: Partial<DiagnosisContext> = {}) =>
  diagnoseBuild({ kind: 'failed', image: '', error, log: [] }, { ...ctx, ...c });

describe('diagnoseBuild: build errors', () => {
  it('a push refused with 401 names the registry-secret and the host', () => {
    for (const name of ['push-wrong-password', 'push-no-credentials']) {
      const d = failed(fixture(name));
      expect(d.cause).toBe('registry-auth');
      expect(d.summary).toContain('127.0.0.1:46221');
      expect(d.summary).toContain('openfaas/registry-secret');
      expect(d.fix).toContain('--registry-server 127.0.0.1:46221');
    }
  });

  it('a push refused with 403 says the account may not push to that repository', () => {
    const d = failed(
      'failed to solve: failed to push ghcr.io/acme/fn:1: unexpected status from POST request to https://ghcr.io/v2/acme/fn/blobs/uploads/: 403 Forbidden',
      { image: 'ghcr.io/acme/fn:1' },
    );
    expect(d.cause).toBe('registry-auth');
    expect(d.summary).toContain('403 Forbidden');
    expect(d.summary).toContain('acme/fn');
  });

  it('a missing ECR repository gives the exact create-repository command', () => {
    const image = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/fns/hello:1';
    const d = failed(
      "failed to solve: failed to push 123456789012.dkr.ecr.eu-west-1.amazonaws.com/fns/hello:1: name unknown: The repository with name 'fns/hello' does not exist in the registry with id '123456789012'",
      { image },
    );
    expect(d.cause).toBe('ecr-repository-missing');
    expect(d.fix).toContain('aws ecr create-repository --repository-name fns/hello --region eu-west-1');
  });

  it('an IAM role without push rights names the missing action', () => {
    const d = failed(
      'failed to push x: denied: User: arn:aws:sts::1:assumed-role/r is not authorized to perform: ecr:InitiateLayerUpload on resource',
      {},
    );
    expect(d.cause).toBe('ecr-permissions');
    expect(d.summary).toContain('ecr:InitiateLayerUpload');
  });

  it.each([
    ['tls-server-cert-no-ip-san', 'does not name the address'],
    ['tls-server-cert-wrong-ip-san', 'does not name the address'],
    ['tls-client-cert-other-ca', "refused the pro-builder's client certificate"],
    ['tls-server-cert-unknown-authority', 'different CA'],
  ])('TLS between pro-builder and BuildKit (%s) points at the certificate secrets', (name, detail) => {
    const d = failed(fixture(name));
    expect(d.cause).toBe('buildkit-tls');
    expect(d.summary).toContain(detail);
    expect(d.fix).toContain('probuilder-setup rotate certs -n openfaas');
    expect(d.fix).toContain('buildkit-daemon-certs');
  });

  it('a connection BuildKit drops after the handshake (a rejected client certificate seen as a broken pipe) is TLS too', () => {
    const d = failed(fixture('tls-client-cert-other-ca-broken-pipe'));
    expect(d.cause).toBe('buildkit-tls');
    expect(d.summary).toContain('client certificate');
  });

  it('BuildKit not listening is BuildKit unreachable', () => {
    const d = failed(
      'listing workers for Build: failed to list workers: Unavailable: connection error: desc = "transport: Error while dialing: dial unix /run/buildkit/buildkitd.sock: connect: no such file or directory"',
    );
    expect(d.cause).toBe('buildkit-unreachable');
    expect(d.fix).toContain('-c buildkit');
  });

  it('a rootless refusal names the mode and the values to change', () => {
    const d = failed(fixture('rootless-no-subuid-range'), { buildkitMode: 'rootless' });
    expect(d.cause).toBe('rootless-refused');
    expect(d.summary).toContain('buildkit mode: rootless');
    expect(d.fix).toContain('buildkit.rootless: false');
    expect(d.fix).toContain('--buildkit-mode root');
  });

  it('anything else keeps the error text', () => {
    const d = failed('failed to solve: something new');
    expect(d).toMatchObject({ cause: 'build-failed' });
    expect(d.summary).toContain('something new');
  });
});

describe('diagnoseBuild: answers before the build', () => {
  it('a rejected signature with a key file says payload.txt and payload-secret differ', () => {
    const d = diagnoseBuild(
      { kind: 'rejected', status: 403, body: 'signature mismatch' },
      { ...ctx, keySource: { kind: 'file', path: './payload.txt' } },
    );
    expect(d.cause).toBe('signature-rejected');
    expect(d.summary).toContain('./payload.txt');
    expect(d.summary).toContain('openfaas/payload-secret');
    expect(d.fix).toContain('rotate signing-secret');
  });

  it('a rejected signature with the cluster key means the pod runs with an older key', () => {
    const d = diagnoseBuild({ kind: 'rejected', status: 401, body: '' }, ctx);
    expect(d.cause).toBe('signature-rejected');
    expect(d.fix).toContain('kubectl rollout restart -n openfaas deployment/pro-builder');
  });

  it('429 names maxInflight', () => {
    const d = diagnoseBuild({ kind: 'rejected', status: 429, body: 'busy' }, { ...ctx, maxInflight: 2 });
    expect(d.cause).toBe('builder-busy');
    expect(d.summary).toContain('proBuilder.maxInflight: 2');
  });

  it('unreachable through a port-forward sends the user to the doctor with its findings', () => {
    const d = diagnoseBuild(
      { kind: 'unreachable', code: 'NO_READY_POD', message: '' },
      { ...ctx, workloadFindings: ['pro-builder-abc Pending (not ready)'] },
    );
    expect(d.cause).toBe('builder-unreachable');
    expect(d.summary).toContain('pro-builder-abc Pending');
    expect(d.fix).toContain('probuilder-setup doctor -n openfaas');
  });

  it('unreachable at a given URL names the URL', () => {
    const d = diagnoseBuild({ kind: 'unreachable', code: 'ECONNREFUSED', message: '' }, { ...ctx, builderUrl: 'http://127.0.0.1:9' });
    expect(d.summary).toContain('http://127.0.0.1:9 (ECONNREFUSED)');
  });
});

describe('image names', () => {
  it.each([
    ['ttl.sh/abc:1h', 'ttl.sh', 'abc'],
    ['127.0.0.1:5000/team/x:v1', '127.0.0.1:5000', 'team/x'],
    ['alexellis2/fn:1', 'docker.io', 'alexellis2/fn'],
    ['ghcr.io/a/b@sha256:00', 'ghcr.io', 'a/b'],
  ])('%s: host %s, repository %s', (image, host, repo) => {
    expect(registryHostOf(image)).toBe(host);
    expect(repositoryOf(image)).toBe(repo);
  });
});
