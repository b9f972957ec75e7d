import { parseDuration } from '../platform/validate/index.js';
import type { Validation } from '../platform/validate/index.js';
import type { GlobalOptions } from './args.js';

/** What every command hands to makeKube: the cluster selection and the per-request deadline. */
export interface KubeRequest {
  kubeconfig?: string;
  context?: string;
  timeoutMs?: number;
}

/** The cluster selection from the global flags, with --request-timeout checked (a usage error when bad). */
export function kubeRequestFrom(o: Pick<GlobalOptions, 'kubeconfig' | 'context' | 'requestTimeout'>): Validation<KubeRequest> {
  const request: KubeRequest = { kubeconfig: o.kubeconfig, context: o.context };
  if (o.requestTimeout === undefined) return { ok: true, value: request };
  const timeout = parseDuration(o.requestTimeout);
  if (!timeout.ok) return { ok: false, message: `--request-timeout: ${timeout.message}` };
  return { ok: true, value: { ...request, timeoutMs: timeout.value } };
}
