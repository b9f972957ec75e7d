import { render, cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import type { ReportMeta } from '../../src/features/doctor/format.js';
import { flat } from '../testing/waitForFrame.js';
import { doctorReducer, initialDoctorState, type DoctorState } from './checkStates.js';
import { DoctorView } from './DoctorView.js';
import { CHECKS, OUTCOMES, outcome } from './outcomes.testkit.js';

afterEach(() => cleanup());

const META: ReportMeta = {
  cluster: { context: 'kind-builders', server: 'https://127.0.0.1:6443' },
  namespace: 'openfaas',
  release: 'pro-builder',
};
const plain = (frame: string | undefined) => (frame ?? '').replace(/\x1b\[[0-9;]*m/g, '');

function finished(outcomes = OUTCOMES, exitCode: 0 | 3 | 4 = 3): DoctorState {
  return doctorReducer(initialDoctorState(CHECKS), { type: 'finished', result: { outcomes, exitCode } });
}

/** The lines of the frame from the one containing `from` up to (not including) the next heading. */
function linesAfter(frame: string, from: string, count: number): string[] {
  const lines = frame.split('\n');
  const i = lines.findIndex((l) => l.includes(from));
  expect(i, `"${from}" in:\n${frame}`).toBeGreaterThanOrEqual(0);
  return lines.slice(i + 1, i + 1 + count);
}

describe('DoctorView', () => {
  it('groups checks under their category in report order, each with its glyph', () => {
    const frame = plain(render(<DoctorView state={finished()} meta={META} />).lastFrame());
    const order = [
      'Cluster',
      'Kubernetes API reachable',
      'Secrets',
      'signing secret payload-secret',
      'BuildKit mTLS certificates',
      'Workload',
      'IRSA',
    ].map((t) => frame.indexOf(t));
    expect(order.every((at) => at >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(frame).toMatch(/^✓ Kubernetes API reachable: Kubernetes v1\.37\.2/m);
    expect(frame).toMatch(/^× signing secret payload-secret: Secret payload-secret does not exist/m);
    expect(frame).toMatch(/^‼ BuildKit mTLS certificates: server\.crt in buildkit-daemon-certs expires in 12 days\./m);
    expect(frame).toMatch(/^– service account and IAM role annotation: Not used:/m);
    expect(flat(frame)).toContain('Not used: the release does not set serviceAccount (IRSA). (not applicable)');
    // Categories without checks are not drawn.
    expect(frame).not.toContain('Node resources');
    expect(frame).toContain('release pro-builder in namespace openfaas · context kind-builders');
  });

  it('shows the hint and the fix command under a failure, and evidence under a warning', () => {
    const frame = plain(render(<DoctorView state={finished()} meta={META} />).lastFrame());
    // In order, right under the failure line: the hint, then the fix; then the next row.
    expect(flat(frame)).toContain(
      '× signing secret payload-secret: Secret payload-secret does not exist in namespace openfaas. ' +
        '→ Requests to the builder are signed with it (HMAC). ' +
        'fix: kubectl create secret generic payload-secret --from-file payload-secret=./payload.txt -n openfaas ‼ BuildKit',
    );
    expect(linesAfter(frame, 'signing secret payload-secret:', 1)).toEqual(['    → Requests to the builder are signed with it (HMAC).']);
    expect(linesAfter(frame, 'BuildKit mTLS certificates:', 3)).toEqual([
      '    buildkit-daemon-certs key server.crt: 1155 bytes',
      '    → Rotate the certificates before they expire.',
      '    fix: probuilder-setup rotate certs --namespace openfaas',
    ]);
  });

  it('keeps passing rows to one line: no evidence, no hint', () => {
    const frame = plain(render(<DoctorView state={finished()} meta={META} />).lastFrame());
    expect(frame).toContain('pod and container states: pro-builder-6c7d9f8b5d-x7k2p: Running, 2/2 containers ready.');
    expect(frame).not.toContain('never shown for a pass');
    expect(frame).not.toContain('phase Running on node kwok-big');
    expect(frame).not.toContain('server https://127.0.0.1:6443');
  });

  it('names why a check was skipped: no permission (with the hint), or after a failure', () => {
    const outcomes = [
      outcome({ checkId: 'cluster.reachable', status: 'pass', summary: 'ok' }),
      outcome({
        checkId: 'secrets.payload',
        category: 'Secrets',
        description: 'signing secret payload-secret',
        status: 'skipped',
        skipReason: 'forbidden',
        summary: 'Could not check: needs get on secrets in namespace openfaas.',
        hint: 'Ask a cluster admin.',
      }),
      outcome({
        checkId: 'secrets.certificates',
        category: 'Secrets',
        description: 'BuildKit mTLS certificates',
        status: 'skipped',
        skipReason: 'dependency',
        summary: 'Not checked: "namespace exists" did not pass.',
      }),
    ];
    const frame = plain(render(<DoctorView state={finished(outcomes, 4)} meta={META} />).lastFrame());
    expect(frame).toMatch(/^– signing secret payload-secret: Could not check:/m);
    expect(flat(frame)).toContain('Could not check: needs get on secrets in namespace openfaas. (no permission) → Ask a cluster admin. –');
    expect(flat(frame)).toContain('Not checked: "namespace exists" did not pass. (after a failure above)');
  });

  it('ends with the counts; a warnings-only run is not drawn as healthy', () => {
    const frame = plain(render(<DoctorView state={finished()} meta={META} />).lastFrame());
    expect(frame.trimEnd().split('\n').pop()).toBe('× 2 passed, 1 warning, 1 failed, 1 skipped');
    const warnOnly = finished([OUTCOMES[0]!, OUTCOMES[2]!], 4);
    expect(
      plain(render(<DoctorView state={warnOnly} meta={META} />).lastFrame())
        .trimEnd()
        .split('\n')
        .pop(),
    ).toBe('‼ 1 passed, 1 warning, 0 failed, 0 skipped');
  });

  it('caps evidence at 8 lines and strips terminal escapes from cluster text', () => {
    const noisy = outcome({
      checkId: 'secrets.payload',
      category: 'Secrets',
      description: 'signing secret payload-secret',
      status: 'fail',
      summary: 'log says \u001b[31mred\u001b[0m\u0007',
      evidence: Array.from({ length: 11 }, (_, i) => `line ${i + 1}`),
    });
    const frame = plain(render(<DoctorView state={finished([noisy], 3)} meta={META} />).lastFrame());
    expect(frame).toContain('log says red');
    expect(render(<DoctorView state={finished([noisy], 3)} meta={META} />).lastFrame()).not.toContain('\u0007');
    expect(frame).toContain('line 8');
    expect(frame).not.toContain('line 9');
    expect(frame).toContain('… 3 more (--output json shows all)');
  });

  it('shows a spinner for running checks, a dot for waiting ones, and the progress', () => {
    let s = doctorReducer(initialDoctorState(CHECKS), { type: 'attempt-started', attempt: 1 });
    s = doctorReducer(s, { type: 'check-updated', id: 'cluster.reachable', state: { state: 'done', outcomes: [OUTCOMES[0]!] } });
    s = doctorReducer(s, { type: 'check-updated', id: 'secrets.payload', state: { state: 'running' } });
    const frame = plain(render(<DoctorView state={s} meta={META} />).lastFrame());
    expect(frame).toMatch(/^[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] signing secret payload-secret$/m);
    expect(frame).toMatch(/^· BuildKit mTLS certificates$/m);
    expect(frame).toContain('Checking… 1 of 5 done');
  });

  it('shows the attempt while --wait re-checks, and why waiting ended', () => {
    let s = doctorReducer(initialDoctorState(CHECKS), { type: 'attempt-started', attempt: 3 });
    expect(plain(render(<DoctorView state={s} meta={META} waitFor="2m" />).lastFrame())).toContain(
      'Checking… 0 of 5 done · attempt 3 (waiting up to 2m for a healthy install)',
    );
    s = doctorReducer(s, { type: 'attempt-finished', outcomes: OUTCOMES });
    expect(plain(render(<DoctorView state={s} meta={META} waitFor="2m" />).lastFrame())).toContain(
      'Attempt 3: 1 failed, 1 warning · checking again shortly (waiting up to 2m for a healthy install)',
    );
    s = doctorReducer(s, { type: 'finished', result: { outcomes: OUTCOMES, exitCode: 3, waitReason: 'final' } });
    expect(plain(render(<DoctorView state={s} meta={META} waitFor="2m" />).lastFrame())).toContain(
      'stopped waiting: a problem above cannot clear by itself after 3 attempts',
    );
  });
});
