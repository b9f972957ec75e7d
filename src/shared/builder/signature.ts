import { createHmac } from 'node:crypto';

export const SIGNATURE_HEADER = 'X-Build-Signature';

/**
 * `sha256=<hex HMAC-SHA256 of the whole body>`, keyed with the payload secret as stored: the text
 * with surrounding whitespace trimmed (a trailing newline in payload.txt is common), not
 * base64-decoded. This is what faas-cli and the go-sdk send and the pro-builder checks.
 */
export function buildSignature(body: Uint8Array, payloadSecretText: string): string {
  return `sha256=${createHmac('sha256', payloadSecretText.trim()).update(body).digest('hex')}`;
}
