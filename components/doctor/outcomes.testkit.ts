/** Fixed doctor outcomes for screen tests: one of each status, as the runner reports them. */
import type { Category, Check, CheckOutcome } from '../../src/features/doctor/types.js';

export function outcome(o: Partial<CheckOutcome> & Pick<CheckOutcome, 'checkId' | 'status' | 'summary'>): CheckOutcome {
  return { id: o.checkId, category: 'Cluster', description: o.checkId, evidence: [], durationMs: 1, ...o };
}

/** A Check whose run is never called: the screen only needs its identity. */
export function checkStub(id: string, category: Category, description: string): Check {
  return { id, category, description, run: async () => ({ status: 'pass', summary: 'unused', evidence: [] }) };
}

export const CHECKS: readonly Check[] = [
  checkStub('cluster.reachable', 'Cluster', 'Kubernetes API reachable'),
  checkStub('secrets.payload', 'Secrets', 'signing secret payload-secret'),
  checkStub('secrets.certificates', 'Secrets', 'BuildKit mTLS certificates'),
  checkStub('workload.pods', 'Workload', 'pod and container states'),
  checkStub('irsa.service-account', 'IRSA', 'service account and IAM role annotation'),
];

export const OUTCOMES: CheckOutcome[] = [
  outcome({
    checkId: 'cluster.reachable',
    category: 'Cluster',
    description: 'Kubernetes API reachable',
    status: 'pass',
    summary: 'Kubernetes v1.37.2 answers at https://127.0.0.1:6443.',
    evidence: ['server https://127.0.0.1:6443'],
  }),
  outcome({
    checkId: 'secrets.payload',
    category: 'Secrets',
    description: 'signing secret payload-secret',
    status: 'fail',
    summary: 'Secret payload-secret does not exist in namespace openfaas.',
    hint: 'Requests to the builder are signed with it (HMAC).',
    fix: 'kubectl create secret generic payload-secret --from-file payload-secret=./payload.txt -n openfaas',
  }),
  outcome({
    checkId: 'secrets.certificates',
    category: 'Secrets',
    description: 'BuildKit mTLS certificates',
    status: 'warn',
    summary: 'server.crt in buildkit-daemon-certs expires in 12 days.',
    evidence: ['buildkit-daemon-certs key server.crt: 1155 bytes'],
    hint: 'Rotate the certificates before they expire.',
    fix: 'probuilder-setup rotate certs --namespace openfaas',
  }),
  outcome({
    checkId: 'workload.pods',
    id: 'workload.pods/pro-builder-6c7d9f8b5d-x7k2p',
    category: 'Workload',
    description: 'pod and container states',
    subject: 'pro-builder-6c7d9f8b5d-x7k2p',
    item: 'pro-builder-6c7d9f8b5d-x7k2p',
    status: 'pass',
    summary: 'Running, 2/2 containers ready.',
    evidence: ['phase Running on node kwok-big'],
    hint: 'never shown for a pass',
  }),
  outcome({
    checkId: 'irsa.service-account',
    category: 'IRSA',
    description: 'service account and IAM role annotation',
    status: 'skipped',
    skipReason: 'not-applicable',
    summary: 'Not used: the release does not set serviceAccount (IRSA).',
  }),
];
