import type { CertificateSet } from './types.js';

/** Secret mounted into the BuildKit container (chart 0.4.x/0.5.x) at /var/secrets/certs. */
export const DAEMON_CERTS_SECRET = 'buildkit-daemon-certs';
/** Secret mounted into the pro-builder container (chart 0.4.x/0.5.x) at /var/secrets/certs. */
export const CLIENT_CERTS_SECRET = 'buildkit-client-certs';

/**
 * The address pro-builder dials and the name it verifies (`buildkit_server_name`): BuildKit listens
 * on tcp://127.0.0.1:1234 in the same pod, so the server certificate needs this IP SAN.
 */
export const BUILDKIT_SERVER_NAME = '127.0.0.1';

/** Entries the chart passes to buildkitd as --tlscacert/--tlscert/--tlskey. */
export const DAEMON_SECRET_KEYS = ['ca.crt', 'server.crt', 'server.key'] as const;
/** Entries the chart passes to pro-builder as --tlscacert/--tlscert/--tlskey. */
export const CLIENT_SECRET_KEYS = ['ca.crt', 'client.crt', 'client.key'] as const;

export type DaemonSecretKey = (typeof DAEMON_SECRET_KEYS)[number];
export type ClientSecretKey = (typeof CLIENT_SECRET_KEYS)[number];

export interface CertSecretData {
  daemon: Record<DaemonSecretKey, string>;
  client: Record<ClientSecretKey, string>;
}

/** The data of both secrets. The CA private key goes in neither: it stays on the operator's disk. */
export function certSecretData(set: CertificateSet): CertSecretData {
  return {
    daemon: { 'ca.crt': set.caCert, 'server.crt': set.serverCert, 'server.key': set.serverKey },
    client: { 'ca.crt': set.caCert, 'client.crt': set.clientCert, 'client.key': set.clientKey },
  };
}
