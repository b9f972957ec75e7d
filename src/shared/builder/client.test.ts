import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { generateCertificateSet } from '../certs/generate.js';
import { NDJSON, postBuild } from './client.js';
import { buildSignature } from './signature.js';

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = undefined;
});

async function listen(s: Server): Promise<string> {
  server = s;
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return String((s.address() as AddressInfo).port);
}

/** A builder that streams two log lines and a success, and keeps what it was sent. */
function streamingBuilder(seen: { headers?: IncomingMessage['headers']; body?: Buffer }) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.headers = req.headers;
      seen.body = Buffer.concat(chunks);
      res.writeHead(200, { 'Content-Type': NDJSON });
      res.write(`${JSON.stringify({ log: ['#1 one', '#1 two'], image: 'r/i:1', status: 'in_progress' })}\n`);
      res.end(`${JSON.stringify({ log: [], image: 'r/i:1', status: 'success' })}\n`);
    });
  };
}

describe('postBuild', () => {
  it('sends the signed body to <url>/build over http and streams the log to the end', async () => {
    const seen: { headers?: IncomingMessage['headers']; body?: Buffer } = {};
    const port = await listen(createHttpServer(streamingBuilder(seen)));
    const body = Buffer.from('the archive');
    const lines: string[] = [];
    const outcome = await postBuild({ url: `http://127.0.0.1:${port}/`, body, payloadSecret: ' key\n', onLog: (l) => lines.push(l) });
    expect(outcome).toEqual({ kind: 'success', image: 'r/i:1', log: ['#1 one', '#1 two'] });
    expect(lines).toEqual(['#1 one', '#1 two']);
    expect(seen.body?.toString()).toBe('the archive');
    expect(seen.headers?.['x-build-signature']).toBe(buildSignature(body, 'key'));
    expect(seen.headers?.['accept']).toBe(NDJSON);
  });

  it('speaks TLS to an https:// builder URL (node:https is loaded on use, not at start)', async () => {
    const certs = await generateCertificateSet({ serverIp: '127.0.0.1' });
    const port = await listen(createHttpsServer({ cert: certs.serverCert, key: certs.serverKey }, streamingBuilder({})));
    // The server's CA is not one Node trusts: the TLS handshake itself refuses it.
    const outcome = await postBuild({ url: `https://127.0.0.1:${port}`, body: Buffer.from('x'), payloadSecret: 'key' });
    expect(outcome).toMatchObject({ kind: 'unreachable', code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
  });
});
