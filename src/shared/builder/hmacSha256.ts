/**
 * HMAC-SHA256 (RFC 2104 over FIPS 180-4 SHA-256) in plain JavaScript, for the test build's small
 * bodies only: signing a few kilobytes here costs ~2 ms, loading node:crypto to do it ~10 ms
 * (see nodeCrypto). Larger bodies go to node:crypto (buildSignature), which is faster per byte.
 * Checked against RFC 4231's test vectors and node:crypto on random keys and bodies.
 */

// Allocation-free in V8's interpreter, where the CLI runs this once: a signed 32-bit value stays
// unboxed (a Smi), but a uint32 above 2^31 or a sum that overflows 32 bits is a new heap number. So
// the words are Int32Array and sums inside the rounds add 16-bit halves (hi << 16 | lo wraps mod
// 2^32 like the spec's addition). Plain `(x + y) | 0` left ~1 MB of garbage per 6 KB body here,
// a young-generation collection (~4 ms) in the middle of every test build.
const ROUND_CONSTANTS = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be,
  0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa,
  0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85,
  0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3,
  0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f,
  0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

const BLOCK_BYTES = 64;

class Sha256 {
  private readonly state = new Int32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
  private readonly block = new Uint8Array(BLOCK_BYTES);
  private readonly schedule = new Int32Array(64);
  /** Bytes waiting in `block` for a whole block. */
  private pending = 0;
  private length = 0;

  update(data: Uint8Array): this {
    this.length += data.length;
    let i = 0;
    if (this.pending > 0) {
      i = Math.min(BLOCK_BYTES - this.pending, data.length);
      this.block.set(data.subarray(0, i), this.pending);
      this.pending += i;
      if (this.pending < BLOCK_BYTES) return this;
      this.compress(this.block, 0);
      this.pending = 0;
    }
    for (; i + BLOCK_BYTES <= data.length; i += BLOCK_BYTES) this.compress(data, i);
    this.block.set(data.subarray(i), 0);
    this.pending = data.length - i;
    return this;
  }

  digest(): Uint8Array {
    const bits = this.length * 8;
    // 0x80, zeros, then the message length in bits as a big-endian 64-bit number, ending a block.
    const padding = new Uint8Array(this.pending < BLOCK_BYTES - 8 ? BLOCK_BYTES - this.pending : 2 * BLOCK_BYTES - this.pending);
    padding[0] = 0x80;
    const view = new DataView(padding.buffer);
    view.setUint32(padding.length - 8, Math.floor(bits / 0x1_0000_0000));
    view.setUint32(padding.length - 4, bits >>> 0);
    this.update(padding);
    const out = new Uint8Array(32);
    const outView = new DataView(out.buffer);
    for (let j = 0; j < 8; j++) outView.setInt32(j * 4, this.state[j]!);
    return out;
  }

  private compress(bytes: Uint8Array, at: number): void {
    const w = this.schedule;
    const h = this.state;
    for (let t = 0; t < 16; t++) {
      const o = at + t * 4;
      w[t] = (bytes[o]! << 24) | (bytes[o + 1]! << 16) | (bytes[o + 2]! << 8) | bytes[o + 3]!;
    }
    for (let t = 16; t < 64; t++) {
      const x = w[t - 15]!;
      const y = w[t - 2]!;
      const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
      const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
      const p = w[t - 16]!;
      const q = w[t - 7]!;
      const low = (p & 0xffff) + (s0 & 0xffff) + (q & 0xffff) + (s1 & 0xffff);
      w[t] = (((p >>> 16) + (s0 >>> 16) + (q >>> 16) + (s1 >>> 16) + (low >>> 16)) << 16) | (low & 0xffff);
    }
    let a = h[0]!;
    let b = h[1]!;
    let c = h[2]!;
    let d = h[3]!;
    let e = h[4]!;
    let f = h[5]!;
    let g = h[6]!;
    let k = h[7]!;
    for (let t = 0; t < 64; t++) {
      const sum1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const choice = (e & f) ^ (~e & g);
      const kt = ROUND_CONSTANTS[t]!;
      const wt = w[t]!;
      const low1 = (k & 0xffff) + (sum1 & 0xffff) + (choice & 0xffff) + (kt & 0xffff) + (wt & 0xffff);
      const t1 = (((k >>> 16) + (sum1 >>> 16) + (choice >>> 16) + (kt >>> 16) + (wt >>> 16) + (low1 >>> 16)) << 16) | (low1 & 0xffff);
      const sum0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const majority = (a & b) ^ (a & c) ^ (b & c);
      k = g;
      g = f;
      f = e;
      const lowE = (d & 0xffff) + (t1 & 0xffff);
      e = (((d >>> 16) + (t1 >>> 16) + (lowE >>> 16)) << 16) | (lowE & 0xffff);
      d = c;
      c = b;
      b = a;
      const lowA = (t1 & 0xffff) + (sum0 & 0xffff) + (majority & 0xffff);
      a = (((t1 >>> 16) + (sum0 >>> 16) + (majority >>> 16) + (lowA >>> 16)) << 16) | (lowA & 0xffff);
    }
    h[0] = (h[0]! + a) | 0;
    h[1] = (h[1]! + b) | 0;
    h[2] = (h[2]! + c) | 0;
    h[3] = (h[3]! + d) | 0;
    h[4] = (h[4]! + e) | 0;
    h[5] = (h[5]! + f) | 0;
    h[6] = (h[6]! + g) | 0;
    h[7] = (h[7]! + k) | 0;
  }
}

export function sha256(data: Uint8Array): Uint8Array {
  return new Sha256().update(data).digest();
}

/** HMAC-SHA256 of `message` keyed with `key`, as lowercase hex (what createHmac(...).digest('hex') gives). */
export function hmacSha256Hex(key: Uint8Array, message: Uint8Array): string {
  const k = key.length > BLOCK_BYTES ? sha256(key) : key;
  const inner = new Uint8Array(BLOCK_BYTES).fill(0x36);
  const outer = new Uint8Array(BLOCK_BYTES).fill(0x5c);
  for (let i = 0; i < k.length; i++) {
    inner[i]! ^= k[i]!;
    outer[i]! ^= k[i]!;
  }
  const innerDigest = new Sha256().update(inner).update(message).digest();
  return Buffer.from(new Sha256().update(outer).update(innerDigest).digest()).toString('hex');
}
