import { describe, expect, it } from 'vitest';
import { ApiException } from '@kubernetes/client-node';
import { KubeError, toKubeError } from './errors.js';

const attempt = { verb: 'create', resource: 'secrets', namespace: 'openfaas', name: 'registry-secret', server: 'https://10.1.2.3:6443' };
const status = (code: number, message: string) => new ApiException(code, 'x', JSON.stringify({ kind: 'Status', message }), {});

describe('toKubeError', () => {
  it.each([
    [401, 'unauthorized', /did not accept your credentials \(401\).*Log in again/],
    [
      403,
      'forbidden',
      /Not allowed to create secrets openfaas\/registry-secret \(403\).*Role that allows "create" on secrets in namespace openfaas/,
    ],
    [404, 'not-found', /does not exist \(404\).*namespace openfaas exists/],
    [409, 'conflict', /already exists or was changed by someone else \(409\)/],
    [422, 'invalid', /rejected the secrets as invalid \(422\).*The API server said: boom/],
    [504, 'timeout', /Timed out/],
    [500, 'server', /failed to create .*\(500\).*Retry/],
  ])('maps HTTP %i to %s with a next step', (code, reason, sentence) => {
    const e = toKubeError(status(code, 'boom'), attempt);
    expect(e).toBeInstanceOf(KubeError);
    expect(e.reason).toBe(reason);
    expect(e.status).toBe(code);
    expect(e.sentence).toMatch(sentence);
    expect(e.nextStep.length).toBeGreaterThan(10);
  });

  it("keeps the request and the API server's reason as fields, so no caller parses the sentence", () => {
    const e = toKubeError(new ApiException(403, 'x', JSON.stringify({ kind: 'Status', reason: 'Forbidden', message: 'no' }), {}), attempt);
    expect(e.request).toEqual({ verb: 'create', resource: 'secrets', namespace: 'openfaas', name: 'registry-secret' });
    expect(e).toMatchObject({ status: 403, reason: 'forbidden', statusReason: 'Forbidden' });
    const refused = toKubeError(
      Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }) }),
      attempt,
    );
    expect(refused.request?.verb).toBe('create');
    expect(refused.statusReason).toBeUndefined();
  });

  it('maps connection refused, DNS failure and timeouts from undici', () => {
    const refused = Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }) });
    expect(toKubeError(refused, attempt).reason).toBe('unreachable');
    const dns = Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('dns'), { code: 'ENOTFOUND' }) });
    expect(toKubeError(dns, attempt).sentence).toMatch(/Cannot reach the cluster at https:\/\/10\.1\.2\.3:6443 \(ENOTFOUND\)/);
    const timeout = new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    expect(toKubeError(timeout, attempt).reason).toBe('timeout');
    const connectTimeout = Object.assign(new TypeError('fetch failed'), {
      cause: Object.assign(new Error('t'), { code: 'UND_ERR_CONNECT_TIMEOUT' }),
    });
    expect(toKubeError(connectTimeout, attempt).reason).toBe('timeout');
  });

  it('maps certificate failures to a TLS sentence', () => {
    const tls = Object.assign(new TypeError('fetch failed'), {
      cause: Object.assign(new Error('self signed'), { code: 'SELF_SIGNED_CERT_IN_CHAIN' }),
    });
    const e = toKubeError(tls, attempt);
    expect(e.reason).toBe('tls');
    expect(e.sentence).toMatch(/fresh kubeconfig/);
  });

  it('blames the kubeconfig for a certificate file it names that cannot be read', () => {
    const missing = Object.assign(new Error("ENOENT: no such file or directory, open '/gone/ca.crt'"), {
      code: 'ENOENT',
      path: '/gone/ca.crt',
    });
    const e = toKubeError(missing, { verb: 'get', resource: 'version' });
    expect(e.reason).toBe('config');
    expect(e.message).toBe('Could not get version: the kubeconfig names a file that cannot be read (/gone/ca.crt): ENOENT.');
    expect(e.nextStep).toMatch(/certificate-authority, client-certificate or client-key path/);
  });

  it('never copies a request body into the sentence', () => {
    const e = toKubeError(new ApiException(409, 'x', { kind: 'Status', message: 'secrets "registry-secret" already exists' }, {}), attempt);
    expect(e.sentence).toContain('secrets "registry-secret" already exists');
    expect(e.sentence).not.toContain('HTTP-Code');
  });
});
