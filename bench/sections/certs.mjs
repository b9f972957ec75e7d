import crypto from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { run } from '../lib/proc.mjs';
import { msSince, paired } from '../lib/stats.mjs';

/** Bundles src/shared/certs/index.ts (forge included) into one ESM file, as the product bundles it. */
export async function bundleCerts(repo, outfile) {
  await build({
    entryPoints: [join(repo, 'src/shared/certs/index.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    logLevel: 'error',
    // node-forge is CommonJS and requires Node built-ins at run time.
    banner: { js: "import { createRequire as __benchRequire } from 'node:module'; const require = __benchRequire(import.meta.url);" },
  });
  return outfile;
}

/**
 * Counts crypto.generateKeyPair calls made by the certificate module. Built-in ESM named exports
 * are live bindings that syncBuiltinESMExports refreshes, so the bundle's
 * `import { generateKeyPair } from 'node:crypto'` sees the counting wrapper, provided the wrapper
 * is in place before the bundle is imported.
 */
function countNativeKeygen() {
  const original = crypto.generateKeyPair;
  const calls = [];
  crypto.generateKeyPair = function countedGenerateKeyPair(type, ...rest) {
    calls.push(type);
    return original.call(this, type, ...rest);
  };
  syncBuiltinESMExports();
  return {
    calls,
    restore() {
      crypto.generateKeyPair = original;
      syncBuiltinESMExports();
    },
  };
}

/** Source lines that would make forge search for primes in JavaScript. */
async function forgeKeygenInSource(repo) {
  const dir = join(repo, 'src/shared/certs');
  const hits = [];
  for (const f of await readdir(dir)) {
    if (!f.endsWith('.ts') || f.includes('.test.')) continue;
    const text = await readFile(join(dir, f), 'utf8');
    text.split('\n').forEach((line, i) => {
      if (/rsa\s*\.\s*generateKeyPair|generateKeyPairSync\s*\(|pki\.rsa\.generate/.test(line)) hits.push(`${f}:${i + 1}`);
    });
  }
  return hits;
}

const EXTENSIONS = {
  'server.ext':
    'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1\n',
  'client.ext': 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth\n',
};

/** The same set by hand: CA, then server (IP SAN) and client CSRs signed by it. RSA 2048, SHA-256. */
function opensslCommands(dir) {
  const p = (f) => join(dir, f);
  const leaf = (name, cn) => [
    [
      'req',
      '-new',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-sha256',
      '-keyout',
      p(`${name}.key`),
      '-out',
      p(`${name}.csr`),
      '-subj',
      `/CN=${cn}`,
    ],
    [
      'x509',
      '-req',
      '-sha256',
      '-in',
      p(`${name}.csr`),
      '-CA',
      p('ca.crt'),
      '-CAkey',
      p('ca.key'),
      '-CAcreateserial',
      '-days',
      '825',
      '-extfile',
      p(`${name}.ext`),
      '-out',
      p(`${name}.crt`),
    ],
  ];
  return [
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-sha256',
      '-days',
      '3650',
      '-keyout',
      p('ca.key'),
      '-out',
      p('ca.crt'),
      '-subj',
      '/CN=probuilder-setup BuildKit CA',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ],
    ...leaf('server', 'buildkitd'),
    ...leaf('client', 'pro-builder'),
  ];
}

async function opensslOnce(dir) {
  let total = 0;
  for (const args of opensslCommands(dir)) total += (await run('openssl', args)).ms;
  return total;
}

/** Checks with openssl itself that a generated set chains and carries the IP SAN. */
async function verifyWithOpenssl(set, dir) {
  const files = { 'ca.crt': set.caCert, 'server.crt': set.serverCert, 'client.crt': set.clientCert };
  for (const [f, pem] of Object.entries(files)) await writeFile(join(dir, f), pem, { mode: 0o600 });
  await run('openssl', ['verify', '-CAfile', join(dir, 'ca.crt'), join(dir, 'server.crt'), join(dir, 'client.crt')]);
  const text = (await run('openssl', ['x509', '-in', join(dir, 'server.crt'), '-noout', '-text'])).stdout;
  if (!/IP Address:127\.0\.0\.1/.test(text)) throw new Error('the generated server certificate has no IP SAN 127.0.0.1');
  if (!/Public-Key: \(2048 bit\)/.test(text) || !/sha256WithRSAEncryption/.test(text))
    throw new Error('the generated server certificate is not RSA 2048 / SHA-256');
}

export async function benchCerts({ repo, cacheDir, runs }) {
  const bundle = await bundleCerts(repo, join(cacheDir, 'certs.mjs'));
  const counter = countNativeKeygen();
  const dir = await mkdtemp(join(tmpdir(), 'pbs-bench-certs-'));
  try {
    const { generateCertificateSet } = await import(pathToFileURL(bundle).href);
    for (const [f, text] of Object.entries(EXTENSIONS)) await writeFile(join(dir, f), text);

    const before = counter.calls.length;
    const sample = await generateCertificateSet();
    const nativeCallsPerSet = counter.calls.length - before;
    const nativeRsa = counter.calls.slice(before).every((t) => t === 'rsa');
    await verifyWithOpenssl(sample, dir);

    const result = await paired({
      runs,
      subject: async () => {
        const start = process.hrtime.bigint();
        await generateCertificateSet();
        return msSince(start);
      },
      baseline: () => opensslOnce(dir),
    });
    const forgeHits = await forgeKeygenInSource(repo);
    return { ...result, nativeCallsPerSet, nativeRsa, forgeHits };
  } finally {
    counter.restore();
    await rm(dir, { recursive: true, force: true });
  }
}
