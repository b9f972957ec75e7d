import { ActionableError } from '../errors.js';

/**
 * Turns whatever the API client throws into one plain sentence and the next step. The raw error is
 * kept on `cause` for --debug; `message` never includes request or response bodies beyond the
 * API server's own Status message (which never carries secret data).
 */
export type KubeErrorReason =
  'unreachable' | 'tls' | 'unauthorized' | 'forbidden' | 'not-found' | 'conflict' | 'invalid' | 'timeout' | 'server' | 'config' | 'unknown';

/** The request a KubeError is about, kept as fields so callers never parse the sentence. */
export interface KubeRequestDetails {
  verb: string;
  /** As the client names it: "secret", "pods", "pods/log", "selfsubjectaccessreviews". */
  resource: string;
  namespace?: string;
  name?: string;
}

export class KubeError extends ActionableError {
  override readonly name = 'KubeError';
  /** What was asked (set by toKubeError): the doctor names a missing permission from it. */
  readonly request?: KubeRequestDetails;
  /** The API server's Status reason ("Forbidden", "AlreadyExists"), when it sent one. */
  readonly statusReason?: string;

  constructor(
    readonly reason: KubeErrorReason,
    message: string,
    nextStep: string,
    readonly status?: number,
    options?: { cause?: unknown; request?: KubeRequestDetails; statusReason?: string },
  ) {
    super(message, nextStep, options);
    this.request = options?.request;
    this.statusReason = options?.statusReason;
  }
}

/** What was being attempted, for the sentence: "create secret openfaas/registry-secret". */
export interface Attempt {
  verb: string;
  resource: string;
  namespace?: string;
  name?: string;
  server?: string;
}

function describe(a: Attempt): string {
  const target = a.name
    ? `${a.resource} ${a.namespace ? `${a.namespace}/` : ''}${a.name}`
    : `${a.resource}${a.namespace ? ` in namespace ${a.namespace}` : ''}`;
  return `${a.verb} ${target}`;
}

interface StatusBody {
  message?: string;
  reason?: string;
}

function statusBody(body: unknown): StatusBody {
  if (typeof body === 'string') {
    try {
      return JSON.parse(body) as StatusBody;
    } catch {
      return {};
    }
  }
  return body && typeof body === 'object' ? (body as StatusBody) : {};
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET', 'EPIPE']);
const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

const FILE_CODES = new Set(['ENOENT', 'EACCES', 'EISDIR', 'EPERM']);

function errorPath(e: unknown): string | undefined {
  let cur: unknown = e;
  for (let depth = 0; cur && typeof cur === 'object' && depth < 5; depth++) {
    const path = (cur as { path?: unknown }).path;
    if (typeof path === 'string') return path;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

function errorCode(e: unknown): string | undefined {
  let cur: unknown = e;
  for (let depth = 0; cur && typeof cur === 'object' && depth < 5; depth++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

function isTimeout(e: unknown): boolean {
  let cur: unknown = e;
  for (let depth = 0; cur && typeof cur === 'object' && depth < 5; depth++) {
    const name = (cur as { name?: unknown }).name;
    if (name === 'TimeoutError' || name === 'AbortError') return true;
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string' && TIMEOUT_CODES.has(code)) return true;
    cur = (cur as { cause?: unknown }).cause;
  }
  return false;
}

export function toKubeError(e: unknown, attempt: Attempt): KubeError {
  if (e instanceof KubeError) return e;
  const made = explain(e, attempt);
  // The sentence is for people; the request and the server's reason are for code.
  const request: KubeRequestDetails = { verb: attempt.verb, resource: attempt.resource, namespace: attempt.namespace, name: attempt.name };
  const statusReason = made.status === undefined ? undefined : statusBody((e as { body?: unknown }).body).reason;
  return new KubeError(made.reason, made.message, made.nextStep, made.status, {
    cause: e,
    request,
    statusReason: statusReason || undefined,
  });
}

function explain(e: unknown, attempt: Attempt): KubeError {
  const what = describe(attempt);
  const server = attempt.server ?? 'the API server';
  // client-node's ApiException carries the HTTP status in `code`; DOMException also has a numeric
  // `code` (23 for a timeout), so require the response shape too.
  const raw = e as { code?: unknown; headers?: unknown };
  const status = typeof raw?.code === 'number' && raw.code >= 100 && raw.code < 600 && 'headers' in raw ? raw.code : undefined;

  if (status !== undefined) {
    const body = statusBody((e as { body?: unknown }).body);
    const said = body.message ? ` The API server said: ${body.message}.`.replace(/\.\.$/, '.') : '';
    switch (status) {
      case 401:
        return new KubeError(
          'unauthorized',
          `Could not ${what}: the cluster did not accept your credentials (401).`,
          'Log in again or refresh the token in your kubeconfig (e.g. re-run your cloud provider\'s "get credentials" command), then retry.',
          status,
          { cause: e },
        );
      case 403:
        return new KubeError(
          'forbidden',
          `Not allowed to ${what} (403).${said}`,
          `Ask a cluster admin for a Role that allows "${attempt.verb}" on ${attempt.resource}${attempt.namespace ? ` in namespace ${attempt.namespace}` : ''}, or use a context with more rights (--context).`,
          status,
          { cause: e },
        );
      case 404:
        return new KubeError(
          'not-found',
          `Could not ${what}: it does not exist (404).${said}`,
          attempt.namespace ? `Check the name and that namespace ${attempt.namespace} exists (--namespace).` : 'Check the name.',
          status,
          { cause: e },
        );
      case 409:
        return new KubeError(
          'conflict',
          `Could not ${what}: it already exists or was changed by someone else (409).${said}`,
          'Re-run to pick up its current state; existing objects are shown and kept unless you choose to replace them.',
          status,
          { cause: e },
        );
      case 422:
        return new KubeError(
          'invalid',
          `The API server rejected the ${attempt.resource} as invalid (422).${said}`,
          'Fix the value it names and retry.',
          status,
          { cause: e },
        );
      case 408:
      case 504:
        return new KubeError(
          'timeout',
          `Timed out trying to ${what} (${status}).`,
          `The cluster is slow or overloaded; retry, or check ${server}.`,
          status,
          { cause: e },
        );
      default:
        if (status >= 500) {
          return new KubeError(
            'server',
            `The API server failed to ${what} (${status}).${said}`,
            "Retry in a moment; if it persists, check the control plane's health.",
            status,
            { cause: e },
          );
        }
        return new KubeError('unknown', `Could not ${what} (HTTP ${status}).${said}`, 'Run again with --debug for details.', status, {
          cause: e,
        });
    }
  }

  if (isTimeout(e)) {
    return new KubeError(
      'timeout',
      `Timed out trying to ${what}: ${server} did not answer in time.`,
      'Check that the cluster is up and reachable (VPN, firewall), or raise the timeout.',
      undefined,
      { cause: e },
    );
  }
  const code = errorCode(e);
  if (code && NETWORK_CODES.has(code)) {
    return new KubeError(
      'unreachable',
      `Cannot reach the cluster at ${server} (${code}).`,
      'Check that the cluster is running and that your kubeconfig points at it (--kubeconfig, --context).',
      undefined,
      { cause: e },
    );
  }
  if (
    code &&
    (code.startsWith('ERR_TLS') ||
      code.includes('CERT') ||
      code.includes('SELF_SIGNED') ||
      code === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' ||
      code === 'EPROTO')
  ) {
    return new KubeError(
      'tls',
      `The TLS connection to ${server} failed (${code}).`,
      "The cluster's certificate does not match your kubeconfig's certificate-authority-data: fetch a fresh kubeconfig for this cluster.",
      undefined,
      { cause: e },
    );
  }
  if (code && FILE_CODES.has(code)) {
    // client-node reads the kubeconfig's certificate-authority, client-certificate and client-key
    // files at request time: a moved or unreadable one surfaces here, not when the kubeconfig loads.
    const path = errorPath(e);
    return new KubeError(
      'config',
      `Could not ${what}: the kubeconfig names a file that cannot be read${path ? ` (${path})` : ''}: ${code}.`,
      'Fix the certificate-authority, client-certificate or client-key path in the kubeconfig, or fetch a fresh kubeconfig for this cluster.',
      undefined,
      { cause: e },
    );
  }
  const cause = (e as { cause?: unknown })?.cause;
  const msg = [e instanceof Error ? e.message : String(e), cause instanceof Error ? cause.message : undefined].filter(Boolean).join(': ');
  return new KubeError('unknown', `Could not ${what}: ${msg}`, 'Run again with --debug for details.', undefined, { cause: e });
}

/** 409: the object exists already, or changed (or was made again) since it was read: a precondition failed. */
export function isConflict(e: unknown): boolean {
  return e instanceof KubeError && e.reason === 'conflict';
}

export function isNotFound(e: unknown): boolean {
  return (e instanceof KubeError && e.reason === 'not-found') || (e as { code?: unknown })?.code === 404;
}
