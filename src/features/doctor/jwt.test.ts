import { describe, expect, it } from 'vitest';
import { audiences, decodeJwtClaims, EKS_ISSUER } from './jwt.js';
import { fakeJwt } from './testing/jwt.js';

describe('decodeJwtClaims', () => {
  it('decodes base64url claims without checking the signature', () => {
    const claims = decodeJwtClaims(
      fakeJwt({ sub: 'system:serviceaccount:openfaas:pro-builder-ecr', aud: ['sts.amazonaws.com'], exp: 1741954200, name: 'ü~?' }),
    );
    expect(claims?.sub).toBe('system:serviceaccount:openfaas:pro-builder-ecr');
    expect(audiences(claims!)).toEqual(['sts.amazonaws.com']);
    expect(claims?.['name']).toBe('ü~?');
  });

  it('rejects what is not a JWS compact token', () => {
    expect(decodeJwtClaims('not-a-token')).toBeUndefined();
    expect(decodeJwtClaims('a.b')).toBeUndefined();
    expect(decodeJwtClaims('e30.bm90IGpzb24.c2ln')).toBeUndefined();
    expect(decodeJwtClaims('e30.W10.c2ln')).toBeUndefined();
  });

  it('accepts a single string audience', () => {
    expect(audiences({ aud: 'sts.amazonaws.com' })).toEqual(['sts.amazonaws.com']);
  });
});

describe('EKS_ISSUER', () => {
  it('matches EKS OIDC issuers only', () => {
    expect(EKS_ISSUER.exec('https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE')?.[1]).toBe('eu-west-1');
    expect(EKS_ISSUER.test('https://kubernetes.default.svc.cluster.local')).toBe(false);
  });
});
