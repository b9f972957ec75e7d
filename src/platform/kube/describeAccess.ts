import type { AccessCheck } from './client.js';

/** "create secrets in namespace openfaas": a permission as a user reads it. */
export function describeAccess(a: AccessCheck): string {
  const res = a.group ? `${a.resource}.${a.group}` : a.resource;
  return `${a.verb} ${res}${a.namespace ? ` in namespace ${a.namespace}` : ' (cluster-wide)'}`;
}
