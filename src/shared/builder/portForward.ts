import { createServer, type Server, type Socket } from 'node:net';
import { PortForward } from '@kubernetes/client-node';
import { loadKubeConfig, type KubeConfigRequest } from '../../platform/kube/config.js';

export interface OpenPortForward {
  /** http://127.0.0.1:<local port> */
  url: string;
  /** Why forwarded connections failed so far (API errors such as a missing pods/portforward right). */
  problems(): string[];
  /** Stops listening and closes every forwarded connection. */
  close(): Promise<void>;
}

type Closable = { close(): void };

/**
 * Forwards a local port on 127.0.0.1 to `port` of a pod, in this process, through the API server of
 * the confirmed kubeconfig context (pods/portforward over a WebSocket; no kubectl needed). Each TCP
 * connection gets its own stream; close() ends them all.
 */
export async function openPortForward(
  target: KubeConfigRequest & { namespace: string; pod: string; port: number },
): Promise<OpenPortForward> {
  const { kc } = loadKubeConfig(target);
  const forward = new PortForward(kc);
  const sockets = new Set<Socket>();
  const streams = new Set<Closable>();
  const problems: string[] = [];
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    forward
      .portForward(target.namespace, target.pod, [target.port], socket, null, socket)
      .then((ws) => {
        const stream = typeof ws === 'function' ? ws() : ws;
        if (!stream) return socket.destroy();
        streams.add(stream);
        stream.on('close', () => {
          streams.delete(stream);
          socket.end();
        });
        socket.once('close', () => stream.close());
      })
      .catch((e: unknown) => {
        problems.push(e instanceof Error ? e.message : String(e));
        socket.destroy();
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    problems: () => [...problems],
    async close() {
      for (const s of streams) s.close();
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
