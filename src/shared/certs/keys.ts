import { generateKeyPair } from 'node:crypto';

export interface KeyPairPem {
  /** SubjectPublicKeyInfo, "BEGIN PUBLIC KEY". */
  publicKeyPem: string;
  /**
   * Unencrypted PKCS#8, "BEGIN PRIVATE KEY". Go's crypto/tls (buildkitd, pro-builder) parses PKCS#1,
   * PKCS#8 and SEC1 keys, Node parses both RSA forms, and PKCS#8 is what OpenSSL 3 writes by default.
   */
  privateKeyPem: string;
}

/**
 * RSA key generation on Node's native crypto: it runs on the libuv thread pool, so the event loop
 * (and a spinner on screen) keeps going, and it is far faster than forge's pure-JS prime search.
 * No lower bound is enforced here; `generateCertificateSet` owns that policy.
 */
export function generateRsaKeyPair(modulusLength: number): Promise<KeyPairPem> {
  return new Promise((resolve, reject) => {
    generateKeyPair(
      'rsa',
      {
        modulusLength,
        publicExponent: 0x10001,
        publicKeyEncoding: { type: 'spki', format: 'pem' },
        privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      },
      (err, publicKeyPem, privateKeyPem) => {
        if (err) reject(err);
        else resolve({ publicKeyPem, privateKeyPem });
      },
    );
  });
}
