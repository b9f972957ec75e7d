import { beforeAll, describe, expect, it } from 'vitest';
import { certSecretData, generateCertificateSet, type CertificateSet } from '../../shared/certs/index.js';
import { secretManifest, SECRET_NAMES } from '../../shared/secrets/index.js';
import { planRotation, SOCKET_NOTHING_TO_ROTATE } from './plan.js';
import { OLD_PAYLOAD, release, rotationSnapshot } from './plan.testkit.js';
import { formatRotationPlan } from './report.js';

describe('planRotation', () => {
  it('signing-secret: replaces payload-secret, writes payload.txt 0600 keeping the old copy, restarts the Deployment', () => {
    const d = planRotation('signing-secret', rotationSnapshot());
    expect(d.kind).toBe('plan');
    const plan = d.kind === 'plan' ? d.plan : undefined!;
    expect(plan.changes.map((c) => [c.kind, c.name, c.action])).toEqual([
      ['Secret', 'payload-secret', 'replace'],
      ['File', '/work/site/payload.txt', 'write'],
      ['Deployment', 'pro-builder', 'restart'],
    ]);
    expect(plan.changes[1]!.note).toMatch(/\(0600\); the previous copy is kept/);
    expect(plan.backupsDir).toBe('/work/site/backups');
    const text = formatRotationPlan(plan);
    expect(text).not.toContain(OLD_PAYLOAD);
    expect(text).toMatch(/~ replace secret openfaas\/payload-secret/);
  });

  it('signing-secret: creates a missing payload-secret instead of replacing it', () => {
    const d = planRotation('signing-secret', rotationSnapshot({ secrets: {}, localFiles: {} }));
    expect(d.kind === 'plan' && d.plan.changes.map((c) => c.action)).toEqual(['create', 'write', 'restart']);
  });

  it('certs on the mTLS generation: both secrets, six files (keys 0600), restart', () => {
    const d = planRotation('certs', rotationSnapshot({ secrets: {}, localFiles: {} }));
    expect(d.kind).toBe('plan');
    const plan = d.kind === 'plan' ? d.plan : undefined!;
    expect(plan.changes.filter((c) => c.kind === 'Secret').map((c) => `${c.name}:${c.action}`)).toEqual([
      'buildkit-daemon-certs:create',
      'buildkit-client-certs:create',
    ]);
    const files = plan.changes.filter((c) => c.kind === 'File');
    expect(files).toHaveLength(6);
    expect(files.find((f) => f.name.endsWith('ca.key'))!.note).toMatch(/0600/);
    expect(files.find((f) => f.name.endsWith('ca.crt'))!.note).toMatch(/0644/);
  });

  describe('certs whose two secrets hold different CAs (a rotation killed between its two writes)', () => {
    let one: CertificateSet;
    let two: CertificateSet;
    beforeAll(async () => {
      [one, two] = await Promise.all([generateCertificateSet(), generateCertificateSet()]);
    });
    const secrets = (daemon: CertificateSet, client: CertificateSet) => ({
      daemonCerts: secretManifest(SECRET_NAMES.daemonCerts, 'openfaas', certSecretData(daemon).daemon),
      clientCerts: secretManifest(SECRET_NAMES.clientCerts, 'openfaas', certSecretData(client).client),
    });
    const sentence =
      'buildkit-daemon-certs and buildkit-client-certs hold certificates issued by different CAs (an earlier rotation was probably interrupted between its two writes); both are replaced from one new CA.';

    it('says so in the plan and its text, and still replaces both', () => {
      const d = planRotation('certs', rotationSnapshot({ secrets: secrets(two, one) }));
      const plan = d.kind === 'plan' ? d.plan : undefined!;
      expect(plan.warnings).toEqual([sentence]);
      expect(plan.changes.filter((c) => c.kind === 'Secret').map((c) => c.action)).toEqual(['replace', 'replace']);
      const text = formatRotationPlan(plan);
      expect(text).toContain(`! ${sentence}`);
      for (const v of [one.caKey, one.serverKey, two.clientKey]) expect(text).not.toContain(v.split('\n')[1]);
    });

    it('says nothing when both hold the same CA, or one is missing or unreadable', () => {
      for (const s of [
        secrets(one, one),
        { daemonCerts: secrets(one, one).daemonCerts },
        { ...secrets(one, two), clientCerts: secretManifest(SECRET_NAMES.clientCerts, 'openfaas', { 'ca.crt': 'not a PEM' }) },
      ]) {
        const d = planRotation('certs', rotationSnapshot({ secrets: s }));
        expect(d.kind === 'plan' && d.plan.warnings).toEqual([]);
      }
    });
  });

  it('certs on the unix-socket generation: nothing to rotate', () => {
    expect(planRotation('certs', rotationSnapshot({ helmRelease: release('0.6.10') }))).toEqual({
      kind: 'nothing-to-rotate',
      message: `Chart 0.6.10: ${SOCKET_NOTHING_TO_ROTATE}.`,
    });
  });

  it('refuses when nothing is installed, with a next step', () => {
    expect(planRotation('signing-secret', rotationSnapshot({ namespaceExists: false }))).toMatchObject({
      kind: 'not-installed',
      message: expect.stringMatching(/Namespace openfaas does not exist/),
    });
    expect(planRotation('certs', rotationSnapshot({ helmRelease: undefined }))).toMatchObject({
      kind: 'not-installed',
      nextStep: expect.stringMatching(/probuilder-setup install/),
    });
    expect(planRotation('signing-secret', rotationSnapshot({ deployment: undefined }))).toMatchObject({
      kind: 'not-installed',
      message: expect.stringMatching(/Deployment was not found/),
    });
    expect(planRotation('certs', rotationSnapshot({ helmRelease: release('banana') }))).toMatchObject({
      kind: 'not-installed',
      message: expect.stringMatching(/"banana"/),
    });
  });
});
