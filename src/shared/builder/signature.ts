import { nodeCrypto } from '../../platform/nodeCrypto.js';
import { hmacSha256Hex } from './hmacSha256.js';

export const SIGNATURE_HEADER = 'X-Build-Signature';

/** Up to this size the body is signed in JavaScript; larger ones by node:crypto (see hmacSha256.ts). */
export const SMALL_BODY_BYTES = 16 * 1024;

/**
 * `sha256=<hex HMAC-SHA256 of the whole body>`, keyed with the payload secret as stored: the text
 * with surrounding whitespace trimmed (a trailing newline in payload.txt is common), not
 * base64-decoded. This is what faas-cli and the go-sdk send and the pro-builder checks.
 */
export function buildSignature(body: Uint8Array, payloadSecretText: string): string {
  const key = payloadSecretText.trim();
  const hex =
    body.length <= SMALL_BODY_BYTES
      ? hmacSha256Hex(Buffer.from(key, 'utf8'), body)
      : nodeCrypto().createHmac('sha256', key).update(body).digest('hex');
  return `sha256=${hex}`;
}
