/**
 * The certificate fields Node's X509Certificate does not expose in structured form on every
 * supported Node version (key usage bits, SANs as lists, validity as Dates, signature algorithm),
 * read from the DER with forge's ASN.1 decoder. forge's own certificate parser is avoided on
 * purpose: it refuses any certificate whose key is not RSA, and a user's existing certs may be EC.
 */
import type forgeTypes from 'node-forge';
// Only forge's core, ASN.1 and util modules (they register themselves on the forge object): the
// whole library is 290 KB to parse, and the doctor reads certificates on every run.
import forgeCore from 'node-forge/lib/forge.js';
import 'node-forge/lib/asn1.js';
import 'node-forge/lib/util.js';

const forge = forgeCore as Pick<typeof forgeTypes, 'asn1' | 'util'>;
const { asn1 } = forge;
type Asn1 = forgeTypes.asn1.Asn1;

export interface X509Fields {
  serialHex: string;
  signatureAlgorithm: string;
  issuerCN: string | undefined;
  subjectCN: string | undefined;
  notBefore: Date;
  notAfter: Date;
  /** Names of the key usage bits set; empty when the extension is absent. */
  keyUsage: string[];
  /** Extended key usage OIDs; undefined when the extension is absent (no restriction). */
  extKeyUsageOids: string[] | undefined;
  ipSans: string[];
  dnsSans: string[];
}

const OID = {
  commonName: '2.5.4.3',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  extKeyUsage: '2.5.29.37',
} as const;

const SIGNATURE_ALGORITHMS: Record<string, string> = {
  '1.2.840.113549.1.1.4': 'md5WithRSAEncryption',
  '1.2.840.113549.1.1.5': 'sha1WithRSAEncryption',
  '1.2.840.113549.1.1.10': 'RSASSA-PSS',
  '1.2.840.113549.1.1.11': 'sha256WithRSAEncryption',
  '1.2.840.113549.1.1.12': 'sha384WithRSAEncryption',
  '1.2.840.113549.1.1.13': 'sha512WithRSAEncryption',
  '1.2.840.10045.4.1': 'ecdsa-with-SHA1',
  '1.2.840.10045.4.3.2': 'ecdsa-with-SHA256',
  '1.2.840.10045.4.3.3': 'ecdsa-with-SHA384',
  '1.2.840.10045.4.3.4': 'ecdsa-with-SHA512',
  '1.3.101.112': 'Ed25519',
};

// RFC 5280 bit order: bit 0 is the most significant bit of the first content byte.
const KEY_USAGE_BITS = [
  'digitalSignature',
  'nonRepudiation',
  'keyEncipherment',
  'dataEncipherment',
  'keyAgreement',
  'keyCertSign',
  'cRLSign',
  'encipherOnly',
  'decipherOnly',
] as const;

function children(node: Asn1 | undefined): Asn1[] {
  if (!node || !Array.isArray(node.value)) throw new Error('unexpected ASN.1 structure');
  return node.value;
}

function bytes(node: Asn1 | undefined): string {
  if (!node || typeof node.value !== 'string') throw new Error('unexpected ASN.1 structure');
  return node.value;
}

function isContext(node: Asn1 | undefined, tag: number): boolean {
  return node?.tagClass === asn1.Class.CONTEXT_SPECIFIC && node.type === tag;
}

function commonName(name: Asn1 | undefined): string | undefined {
  for (const rdn of children(name)) {
    for (const attribute of children(rdn)) {
      const [oid, value] = children(attribute);
      if (asn1.derToOid(bytes(oid)) !== OID.commonName || !value) continue;
      const raw = bytes(value);
      if (value.type === asn1.Type.UTF8) return forge.util.decodeUtf8(raw);
      if (value.type === asn1.Type.BMPSTRING) return Buffer.from(raw, 'binary').swap16().toString('utf16le');
      return raw;
    }
  }
  return undefined;
}

function time(node: Asn1 | undefined): Date {
  const raw = bytes(node);
  return node!.type === asn1.Type.UTCTIME ? asn1.utcTimeToDate(raw) : asn1.generalizedTimeToDate(raw);
}

/** KeyUsage is a BIT STRING of at most two bytes, so its DER is short-form: 03 len unused b1 [b2]. */
function keyUsageNames(der: string): string[] {
  const octets = Buffer.from(der, 'binary');
  const flags = octets.subarray(3);
  return KEY_USAGE_BITS.filter((_, bit) => ((flags[bit >> 3] ?? 0) & (0x80 >> (bit & 7))) !== 0);
}

function ipText(raw: string): string {
  const octets = Buffer.from(raw, 'binary');
  if (octets.length === 4) return [...octets].join('.');
  if (octets.length !== 16) return octets.toString('hex');
  const groups = [];
  for (let i = 0; i < 16; i += 2) groups.push(octets.readUInt16BE(i).toString(16));
  // The WHATWG URL parser prints IPv6 in the canonical compressed form (RFC 5952).
  return new URL(`http://[${groups.join(':')}]/`).hostname.slice(1, -1);
}

function readExtensions(tbsTail: Asn1[]): Map<string, string> {
  const found = new Map<string, string>();
  const wrapper = tbsTail.find((node) => isContext(node, 3));
  if (!wrapper) return found;
  for (const extension of children(children(wrapper)[0])) {
    const parts = children(extension);
    found.set(asn1.derToOid(bytes(parts[0])), bytes(parts[parts.length - 1]));
  }
  return found;
}

/** Throws on anything that is not a well-formed X.509 v1/v3 structure. */
export function readX509Fields(der: Uint8Array): X509Fields {
  const [tbs, signatureAlgorithm] = children(asn1.fromDer(Buffer.from(der).toString('binary')));
  const fields = children(tbs);
  const offset = isContext(fields[0], 0) ? 1 : 0; // explicit [0] version is absent in v1 certificates
  const [serial, , issuer, validity, subject, , ...tail] = fields.slice(offset);
  const [notBefore, notAfter] = children(validity);
  const extensions = readExtensions(tail);

  const keyUsageDer = extensions.get(OID.keyUsage);
  const extKeyUsageDer = extensions.get(OID.extKeyUsage);
  const sanDer = extensions.get(OID.subjectAltName);
  const sans = sanDer === undefined ? [] : children(asn1.fromDer(sanDer));
  const algorithmOid = asn1.derToOid(bytes(children(signatureAlgorithm)[0]));

  return {
    serialHex: forge.util.bytesToHex(bytes(serial)),
    signatureAlgorithm: SIGNATURE_ALGORITHMS[algorithmOid] ?? algorithmOid,
    issuerCN: commonName(issuer),
    subjectCN: commonName(subject),
    notBefore: time(notBefore),
    notAfter: time(notAfter),
    keyUsage: keyUsageDer === undefined ? [] : keyUsageNames(keyUsageDer),
    extKeyUsageOids:
      extKeyUsageDer === undefined ? undefined : children(asn1.fromDer(extKeyUsageDer)).map((oid) => asn1.derToOid(bytes(oid))),
    ipSans: sans.filter((name) => isContext(name, 7)).map((name) => ipText(bytes(name))),
    dnsSans: sans.filter((name) => isContext(name, 2)).map((name) => bytes(name)),
  };
}
