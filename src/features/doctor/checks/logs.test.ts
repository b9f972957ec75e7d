import { describe, expect, it } from 'vitest';
import { runChecks } from '../runner.js';
import { BUILDKIT_IMAGE, POD, PRO_BUILDER_IMAGE, pod, running, waiting } from '../testing/fixtures.js';
import { healthyScenario } from '../testing/scenario.js';
import { buildkitLogs, proBuilderLogs } from './logs.js';

describe('log checks', () => {
  it('quote the matching lines of a TLS failure', async () => {
    const s = await healthyScenario();
    s.kube.logs.set(
      `${POD}/pro-builder`,
      'Starting pro-builder v0.5.1\nfailed to connect to buildkit: transport: authentication handshake failed: tls: failed to verify certificate: x509: certificate is valid for 10.0.0.1, not 127.0.0.1\n',
    );
    const [o] = await runChecks([proBuilderLogs], s.ctx());
    expect(o).toMatchObject({
      id: `logs.pro-builder/${POD}`,
      status: 'fail',
      summary: "BuildKit's server certificate is valid for 10.0.0.1, not 127.0.0.1.",
    });
    expect(o!.evidence.some((e) => e.startsWith('> failed to connect to buildkit'))).toBe(true);
    expect(o!.evidence.join('\n')).not.toContain('Starting pro-builder');
  });

  it('skip a container that has not started, without reading its log', async () => {
    const s = await healthyScenario();
    s.kube.pods = [
      pod({ containerStatuses: [waiting('buildkit', BUILDKIT_IMAGE, 'ContainerCreating'), running('pro-builder', PRO_BUILDER_IMAGE)] }),
    ];
    const [o] = await runChecks([buildkitLogs], s.ctx());
    expect(o).toMatchObject({ status: 'skipped', skipReason: 'not-applicable' });
    expect(s.kube.calls['readPodLog']).toBeUndefined();
  });

  it('become a permission skip when pods/log is forbidden', async () => {
    const s = await healthyScenario();
    s.kube.denied.add('get pods/log');
    const [o] = await runChecks([buildkitLogs], s.ctx());
    expect(o).toMatchObject({
      status: 'skipped',
      skipReason: 'forbidden',
      summary: 'Could not check: needs get on pods/log in namespace openfaas.',
    });
  });

  it('report a rootless user-namespace failure in a crash-looping BuildKit', async () => {
    const s = await healthyScenario();
    s.kube.logs.set(
      `${POD}/buildkit`,
      '[rootlesskit:parent] error: failed to start the child: fork/exec /proc/self/exe: operation not permitted\n',
    );
    const [o] = await runChecks([buildkitLogs], s.ctx());
    expect(o!.status).toBe('fail');
    expect(o!.hint).toContain('--buildkit-mode root');
  });
});
