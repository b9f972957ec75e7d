/**
 * Reads a JWT's claims without verifying its signature: the doctor only inspects a token it just
 * received from the API server, to see what AWS STS will see. The token itself is never shown.
 */
export type JwtClaims = Record<string, unknown> & {
  iss?: string;
  sub?: string;
  aud?: string | string[];
  exp?: number;
  iat?: number;
  nbf?: number;
};

function base64UrlDecode(part: string): string {
  if (!/^[A-Za-z0-9_-]*$/.test(part)) throw new Error('not base64url');
  return Buffer.from(part, 'base64url').toString('utf8');
}

/** The payload's claims, or undefined when the text is not a JWS compact token with a JSON payload. */
export function decodeJwtClaims(token: string): JwtClaims | undefined {
  const parts = token.trim().split('.');
  if (parts.length !== 3 || !parts[1]) return undefined;
  try {
    const header = JSON.parse(base64UrlDecode(parts[0]!)) as unknown;
    const claims = JSON.parse(base64UrlDecode(parts[1])) as unknown;
    if (!header || typeof header !== 'object' || !claims || typeof claims !== 'object' || Array.isArray(claims)) return undefined;
    return claims as JwtClaims;
  } catch {
    return undefined;
  }
}

export function audiences(claims: JwtClaims): string[] {
  return Array.isArray(claims.aud)
    ? claims.aud.filter((a): a is string => typeof a === 'string')
    : typeof claims.aud === 'string'
      ? [claims.aud]
      : [];
}

/** https://oidc.eks.<region>.amazonaws.com/id/<ID> — the issuer IAM trusts for IRSA. */
export const EKS_ISSUER = /^https:\/\/oidc\.eks\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/id\/([A-Za-z0-9]+)$/;

/** arn:aws:iam::123456789012:role/name (also aws-cn, aws-us-gov partitions; role paths allowed). */
export const ROLE_ARN = /^arn:aws(?:-cn|-us-gov)?:iam::(\d{12}):role\/[\w+=,.@/-]{1,512}$/;
