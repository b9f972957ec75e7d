// The long-lived Node services of `bash scripts/try` (the practice environment), one per process:
//   builder  the reference pro-builder (./referenceBuilder.ts) on 127.0.0.1, building on the try's buildkitd
//            with the key and registry credentials read from the practice cluster's secrets on every request
//   charts   a static server for a helm repository folder (../shared/reference/helm-repo)
// Each listens on a free port of 127.0.0.1 and writes it to --port-file once it serves (atomically),
// then runs until SIGTERM. scripts/try bundles this file with esbuild and starts it with setsid nohup.
import { renameSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { serveFolder } from '../support/staticServer.js';
import { clusterSecretSource } from './clusterSecrets.js';
import { startReferenceBuilder } from './referenceBuilder.js';

function writePort(file: string, port: number): void {
  writeFileSync(`${file}.tmp`, `${port}\n`);
  renameSync(`${file}.tmp`, file);
}

function untilTerminated(stop: () => Promise<void>): void {
  const end = () => {
    // A client holding a keep-alive connection must not keep the process alive.
    setTimeout(() => process.exit(0), 2000).unref();
    void stop().finally(() => process.exit(0));
  };
  process.once('SIGTERM', end);
  process.once('SIGINT', end);
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: {
      'port-file': { type: 'string' },
      kubeconfig: { type: 'string' },
      namespace: { type: 'string', default: 'openfaas' },
      'buildkit-addr': { type: 'string' },
      dir: { type: 'string' },
    },
  });
  const portFile = values['port-file'];
  if (!portFile) throw new Error('--port-file is required');
  if (command === 'builder') {
    const kubeconfig = values.kubeconfig;
    const addr = values['buildkit-addr'];
    if (!kubeconfig || !addr) throw new Error('builder needs --kubeconfig and --buildkit-addr');
    const secrets = clusterSecretSource({ kubeconfig, namespace: values.namespace });
    const builder = await startReferenceBuilder({
      payloadSecret: secrets.payloadSecret,
      dockerConfigJson: secrets.dockerConfigJson,
      buildkit: { addr },
    });
    untilTerminated(() => builder.stop());
    writePort(portFile, builder.port);
    console.log(`reference builder listening on ${builder.url} (namespace ${values.namespace}, buildkit ${addr})`);
  } else if (command === 'charts') {
    if (!values.dir) throw new Error('charts needs --dir');
    const server = await serveFolder(values.dir);
    untilTerminated(() => server.close());
    writePort(portFile, Number(new URL(server.url).port));
    console.log(`serving ${values.dir} at ${server.url}`);
  } else {
    throw new Error(`unknown service ${JSON.stringify(command)} (builder or charts)`);
  }
}

main(process.argv.slice(2)).catch((e: unknown) => {
  console.error(`try service failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
