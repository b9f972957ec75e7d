import { createHash, createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hmacSha256Hex, sha256 } from './hmacSha256.js';

const hex = (s: string) => Buffer.from(s, 'hex');
const text = (s: string) => Buffer.from(s, 'utf8');

describe('sha256', () => {
  it('gives FIPS 180-4 example digests', () => {
    expect(Buffer.from(sha256(text(''))).toString('hex')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(Buffer.from(sha256(text('abc'))).toString('hex')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('equals node:crypto at every length around the block and padding boundaries', () => {
    for (let n = 0; n <= 200; n++) {
      const data = randomBytes(n);
      expect(Buffer.from(sha256(data)).toString('hex'), `length ${n}`).toBe(createHash('sha256').update(data).digest('hex'));
    }
  });
});

describe('hmacSha256Hex', () => {
  // RFC 4231 section 4 (test case 5 truncates its output and is left out).
  it.each([
    ['1', hex('0b'.repeat(20)), text('Hi There'), 'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7'],
    ['2', text('Jefe'), text('what do ya want for nothing?'), '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843'],
    ['3', hex('aa'.repeat(20)), hex('dd'.repeat(50)), '773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe'],
    [
      '4',
      hex('0102030405060708090a0b0c0d0e0f10111213141516171819'),
      hex('cd'.repeat(50)),
      '82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b',
    ],
    [
      '6',
      hex('aa'.repeat(131)),
      text('Test Using Larger Than Block-Size Key - Hash Key First'),
      '60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54',
    ],
    [
      '7',
      hex('aa'.repeat(131)),
      text(
        'This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.',
      ),
      '9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2',
    ],
  ])('RFC 4231 test case %s', (_, key, data, expected) => {
    expect(hmacSha256Hex(key, data)).toBe(expected);
  });

  it('equals node:crypto for random keys (empty, block-size, longer) and bodies (up to a tar of several blocks)', () => {
    for (const keyLength of [0, 1, 32, 63, 64, 65, 200]) {
      for (const bodyLength of [0, 1, 55, 56, 63, 64, 65, 512, 3072, 20_000]) {
        const key = randomBytes(keyLength);
        const body = randomBytes(bodyLength);
        expect(hmacSha256Hex(key, body), `key ${keyLength}, body ${bodyLength}`).toBe(createHmac('sha256', key).update(body).digest('hex'));
      }
    }
  });
});
