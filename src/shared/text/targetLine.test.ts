import { describe, expect, it } from 'vitest';
import { targetLine } from './targetLine.js';

const target = { contextName: 'prod', clusterName: 'prod', server: 'https://127.0.0.1:6443', user: 'admin', source: '/k' };

describe('targetLine', () => {
  it('warns on the target line when the kubeconfig skips TLS verification', () => {
    expect(targetLine(target, 'openfaas')).toBe(
      'Target: context prod (cluster prod, https://127.0.0.1:6443), user admin, namespace openfaas',
    );
    expect(targetLine({ ...target, insecureSkipTlsVerify: true }, 'openfaas')).toBe(
      'Target: context prod (cluster prod, https://127.0.0.1:6443), user admin, namespace openfaas — WARNING: insecure-skip-tls-verify is set: the server is not verified, yet the license, passwords and keys are sent to it',
    );
  });
});
