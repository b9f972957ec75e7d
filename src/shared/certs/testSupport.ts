/**
 * Test-only builders for deliberately broken certificates (wrong CA, missing SAN, wrong usage, weak
 * key, SHA-1). Not exported from index.ts; production code goes through generateCertificateSet.
 */
import { createCaCertificate, issueLeafCertificate, type LeafTemplate } from './issue.js';
import { generateRsaKeyPair, type KeyPairPem } from './keys.js';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface TestCa {
  certPem: string;
  keyPem: string;
  keys: KeyPairPem;
}

export interface TestPair {
  certPem: string;
  keyPem: string;
}

export async function makeTestCa(opts: { bits?: number; commonName?: string; now?: Date; keys?: KeyPairPem } = {}): Promise<TestCa> {
  const now = opts.now ?? new Date();
  const keys = opts.keys ?? (await generateRsaKeyPair(opts.bits ?? 2048));
  const certPem = createCaCertificate(keys, {
    commonName: opts.commonName ?? 'test CA',
    notBefore: new Date(now.getTime() - 60_000),
    notAfter: new Date(now.getTime() + 3650 * DAY_MS),
  });
  return { certPem, keyPem: keys.privateKeyPem, keys };
}

export async function makeTestLeaf(
  ca: TestCa,
  template: Partial<LeafTemplate> & Pick<LeafTemplate, 'role'> & { bits?: number; now?: Date },
): Promise<TestPair> {
  const now = template.now ?? new Date();
  const keys = await generateRsaKeyPair(template.bits ?? 2048);
  const certPem = issueLeafCertificate(
    keys,
    { certPem: ca.certPem, keyPem: ca.keyPem },
    {
      commonName: template.role === 'server' ? 'test server' : 'test client',
      notBefore: new Date(now.getTime() - 60_000),
      notAfter: new Date(now.getTime() + 825 * DAY_MS),
      ...template,
    },
  );
  return { certPem, keyPem: keys.privateKeyPem };
}
