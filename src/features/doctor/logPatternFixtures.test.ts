import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diagnoseBuild, type BuildCause, type DiagnosisContext } from '../../shared/builder/diagnose.js';
import { matchLogPatterns, type LogFindingCode } from './logPatterns.js';

/**
 * The real error texts kept in test/fixtures/buildkit (one file per text; recorded from the test
 * bed's BuildKit, registry, reference builder and rootlesskit, or — where the test bed cannot
 * provoke them — upstream source text cited in the file's "# " header) drive both diagnoses: the
 * doctor's log patterns and the test build's cause. Every fixture has a row here, and every row's
 * fix is what the finding tells the user to do.
 */
const DIR = resolve(import.meta.dirname, '../../../test/fixtures/buildkit');
const text = (name: string) =>
  readFileSync(join(DIR, `${name}.txt`), 'utf8')
    .split('\n')
    .filter((l) => !l.startsWith('# '))
    .join('\n')
    .trim();

/** How the test build meets the text: as the build's error line, in the NDJSON result, or as the body of a refused request. */
type Seen = { as: 'error' } | { as: 'ndjson' } | { as: 'response'; status: number };

interface Row {
  doctor: LogFindingCode;
  /** A fragment of the doctor's fix (its hint) that names what to change. */
  fix: string;
  build: BuildCause;
  seen: Seen;
}

const ERROR: Seen = { as: 'error' };
const TABLE: Record<string, Row> = {
  'push-wrong-password': { doctor: 'registry-auth', fix: 'registry-secret', build: 'registry-auth', seen: ERROR },
  'push-no-credentials': { doctor: 'registry-auth', fix: 'registry-secret', build: 'registry-auth', seen: ERROR },
  'builder-push-wrong-password': { doctor: 'registry-auth', fix: 'registry-secret', build: 'registry-auth', seen: { as: 'ndjson' } },
  'tls-server-cert-unknown-authority': { doctor: 'tls-unknown-authority', fix: 'rotate certs', build: 'buildkit-tls', seen: ERROR },
  'tls-server-cert-no-ip-san': { doctor: 'tls-wrong-name', fix: 'IP SAN 127.0.0.1', build: 'buildkit-tls', seen: ERROR },
  'tls-server-cert-wrong-ip-san': { doctor: 'tls-wrong-name', fix: 'IP SAN 127.0.0.1', build: 'buildkit-tls', seen: ERROR },
  'tls-client-cert-other-ca': { doctor: 'tls-handshake', fix: 'rotate certs', build: 'buildkit-tls', seen: ERROR },
  'tls-client-cert-other-ca-broken-pipe': { doctor: 'tls-handshake', fix: 'rotate certs', build: 'buildkit-tls', seen: ERROR },
  'builder-tls-client-cert-other-ca': { doctor: 'tls-handshake', fix: 'rotate certs', build: 'buildkit-tls', seen: { as: 'ndjson' } },
  'builder-signature-missing': {
    doctor: 'signature-rejected',
    fix: 'rotate signing-secret',
    build: 'signature-rejected',
    seen: { as: 'response', status: 401 },
  },
  'builder-signature-rejected': {
    doctor: 'signature-rejected',
    fix: 'rotate signing-secret',
    build: 'signature-rejected',
    seen: { as: 'response', status: 403 },
  },
  'builder-busy-429': { doctor: 'builder-busy', fix: '--max-inflight', build: 'builder-busy', seen: { as: 'response', status: 429 } },
  'rootless-no-subuid-range': { doctor: 'no-subuid', fix: 'user 1000', build: 'rootless-refused', seen: ERROR },
  'rootless-newuidmap-not-permitted': {
    doctor: 'newuidmap-refused',
    fix: 'allowPrivilegeEscalation',
    build: 'rootless-refused',
    seen: ERROR,
  },
  'rootless-newuidmap-could-not-set-caps': {
    doctor: 'newuidmap-refused',
    fix: 'allowPrivilegeEscalation',
    build: 'rootless-refused',
    seen: ERROR,
  },
  'rootless-userns-disabled': { doctor: 'rootless-userns', fix: 'user.max_user_namespaces', build: 'rootless-refused', seen: ERROR },
  'rootless-apparmor-share-mount-point': { doctor: 'apparmor-rootless', fix: 'appArmorProfile', build: 'rootless-refused', seen: ERROR },
};

const ctx: DiagnosisContext = {
  namespace: 'openfaas',
  release: 'pro-builder',
  deployment: 'pro-builder',
  image: '127.0.0.1:46221/team/fn:v1',
  keySource: { kind: 'cluster' },
  buildkitMode: 'rootless',
};

function buildDiagnosis(name: string, seen: Seen) {
  const t = text(name);
  if (seen.as === 'response') return diagnoseBuild({ kind: 'rejected', status: seen.status, body: t }, ctx);
  const error = seen.as === 'ndjson' ? (JSON.parse(t) as { error: string }).error : t;
  return diagnoseBuild({ kind: 'failed', image: ctx.image, error, log: [] }, ctx);
}

describe('error-text fixtures (test/fixtures/buildkit)', () => {
  it('every fixture file has a row, and every row a fixture', () => {
    const files = readdirSync(DIR)
      .filter((f) => f.endsWith('.txt'))
      .map((f) => f.slice(0, -'.txt'.length));
    expect(files.sort()).toEqual(Object.keys(TABLE).sort());
  });

  it.each(Object.entries(TABLE))('%s: the doctor names %s with its fix, the test build its cause', (name, row) => {
    const findings = matchLogPatterns('buildkit', text(name));
    expect(findings.map((f) => f.code)).toEqual([row.doctor]);
    expect(findings[0]!.hint).toContain(row.fix);
    const d = buildDiagnosis(name, row.seen);
    expect(d.cause).toBe(row.build);
    expect(d.fix?.length ?? 0).toBeGreaterThan(0);
  });
});
