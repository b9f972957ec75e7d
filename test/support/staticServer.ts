// A small static HTTP server on 127.0.0.1 serving a folder, for helm to use as a chart repository.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { join, normalize, sep } from 'node:path';

export interface StaticServer {
  /** http://127.0.0.1:<port>/ */
  url: string;
  /** Serve this text as /index.yaml instead of the folder's own (undefined: the folder's again). */
  setIndex(text: string | undefined): void;
  /** Paths requested so far, in order. */
  requests: string[];
  close(): Promise<void>;
}

export async function serveFolder(root: string): Promise<StaticServer> {
  let index: string | undefined;
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
    requests.push(path);
    if (path === '/index.yaml' && index !== undefined) {
      res.writeHead(200, { 'content-type': 'application/x-yaml' }).end(index);
      return;
    }
    const file = normalize(join(root, path));
    if (!file.startsWith(root + sep)) {
      res.writeHead(403).end();
      return;
    }
    stat(file).then(
      (s) => {
        if (!s.isFile()) return void res.writeHead(404).end();
        res.writeHead(200, {
          'content-length': s.size,
          'content-type': file.endsWith('.yaml') ? 'application/x-yaml' : 'application/gzip',
        });
        createReadStream(file).pipe(res);
      },
      () => void res.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/`,
    setIndex: (text) => void (index = text),
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
