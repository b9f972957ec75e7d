import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildbedBinaries } from './binaries.js';
import { freePort, removeDir, scratchDir, startDaemon, waitForDaemon, type Daemon } from './daemon.js';

export interface RegistryCredentials {
  username: string;
  password: string;
}

export interface RunningRegistry {
  /** host:port, as it appears in image names and in config.json's auths. */
  readonly host: string;
  /** http://host:port */
  readonly url: string;
  /** The credentials its htpasswd accepts; undefined for the open registry. */
  readonly credentials: RegistryCredentials | undefined;
  readonly daemon: Daemon;
  /** A docker config.json for this registry: `{"auths":{host:{auth}}}` (the given credentials, default the right ones), or `{"auths":{}}` for the open one. */
  dockerConfigJson(credentials?: RegistryCredentials): string;
  /** GET /v2/<name>/manifests/<reference> with basic auth (default the registry's credentials). */
  getManifest(name: string, reference: string, credentials?: RegistryCredentials | null): Promise<Response>;
  stop(): Promise<void>;
}

export interface StartRegistryOptions {
  /** Basic auth via htpasswd (bcrypt); omit for an open registry (a stand-in for ttl.sh). */
  auth?: RegistryCredentials;
}

const MANIFEST_ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
].join(', ');

function basic(c: RegistryCredentials): string {
  return Buffer.from(`${c.username}:${c.password}`).toString('base64');
}

/**
 * A real distribution registry on 127.0.0.1 over plain HTTP, storage and config in a scratch folder.
 * With `auth`, it asks for basic auth (htpasswd, bcrypt) on every /v2/ request, like a private registry.
 */
export async function startRegistry(opts: StartRegistryOptions = {}): Promise<RunningRegistry> {
  const bins = buildbedBinaries();
  const dir = scratchDir('pbs-registry');
  const port = await freePort();
  const host = `127.0.0.1:${port}`;
  let authBlock = '';
  if (opts.auth) {
    const line = spawnSync(bins.htpasswd, [opts.auth.username], { input: `${opts.auth.password}\n`, encoding: 'utf8' });
    if (line.status !== 0) throw new Error(`pbs-htpasswd failed: ${line.stderr}`);
    writeFileSync(join(dir, 'htpasswd'), line.stdout, { mode: 0o600 });
    authBlock = `auth:\n  htpasswd:\n    realm: pbs-test-registry\n    path: ${join(dir, 'htpasswd')}\n`;
  }
  const config = [
    'version: 0.1',
    'log:',
    '  level: info',
    '  accesslog:',
    '    disabled: true',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${join(dir, 'data')}`,
    '  delete:',
    '    enabled: true',
    'http:',
    `  addr: ${host}`,
    '  secret: pbs-test-registry-secret',
    authBlock,
  ].join('\n');
  writeFileSync(join(dir, 'config.yml'), config, { mode: 0o600 });
  // Tracing would try to export to a collector; nothing else is reached.
  const env = { ...process.env, OTEL_TRACES_EXPORTER: 'none', OTEL_METRICS_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none' };
  const daemon = startDaemon('registry', bins.registry, ['serve', join(dir, 'config.yml')], { env, logFile: join(dir, 'registry.log') });
  const url = `http://${host}`;
  const stop = async () => {
    await daemon.stop();
    removeDir(dir);
  };
  try {
    // /v2/ answers 401 with auth and 200 without: either means it serves.
    await waitForDaemon(daemon, `${url}/v2/`, async () => {
      const r = await fetch(`${url}/v2/`);
      return r.status === 200 || r.status === 401;
    });
  } catch (e) {
    await stop();
    throw e;
  }
  const credentials = opts.auth;
  return {
    host,
    url,
    credentials,
    daemon,
    dockerConfigJson(c = credentials) {
      if (!c) return JSON.stringify({ auths: {} });
      return JSON.stringify({ auths: { [host]: { auth: basic(c) } } });
    },
    getManifest(name, reference, c = credentials) {
      const headers: Record<string, string> = { Accept: MANIFEST_ACCEPT };
      if (c) headers['Authorization'] = `Basic ${basic(c)}`;
      return fetch(`${url}/v2/${name}/manifests/${reference}`, { headers });
    },
    stop,
  };
}
