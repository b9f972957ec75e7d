import { join } from 'node:path';
import type { V1Secret } from '@kubernetes/client-node';
import {
  auditCertificateSecrets,
  certSecretData,
  generateCertificateSet,
  writeCertificateFiles,
  type CertificateSet,
} from '../../shared/certs/index.js';
import { isConflict } from '../../platform/kube/errors.js';
import { LOCAL_FILES } from '../../shared/snapshot/snapshot.js';
import { SECRET_NAMES, decodeSecretData, secretManifest } from '../../shared/secrets/index.js';
import type { RotationPlan } from './plan.js';
import { restartAndWait } from './restart.js';
import type { RotationDeps, RotationResult } from './result.js';
import { backupSecret, putSecret } from '../../shared/secrets/backup.js';
import { errorText, StepRecorder } from './steps.js';

export interface CertRotationDeps extends RotationDeps {
  makeCertificates?: () => Promise<CertificateSet>;
}

/**
 * A new CA and BuildKit server / pro-builder client pairs for the mTLS chart generation. Both
 * secrets are saved to backups/ and replaced together (if the second write fails, the first is put
 * back; only a kill between the two writes leaves two CAs, which the next plan names and replaces);
 * the files go to <output-dir>/certs (keys 0600, old
 * files kept beside them). Then the Deployment restarts, and the doctor's certificate audit runs on
 * what the cluster now holds: the rotation succeeds only with zero failures.
 */
export async function rotateCertificates(plan: RotationPlan, deps: CertRotationDeps): Promise<RotationResult> {
  const now = deps.now ?? (() => new Date());
  const rec = new StepRecorder(deps.onStep);
  const backups: string[] = [];
  const ns = plan.namespace;
  const certsDir = join(plan.outputDir, LOCAL_FILES.certsDir);
  let set: CertificateSet;
  try {
    set = await rec.run('generate', 'Generate a new CA, server pair and client pair', () =>
      (deps.makeCertificates ?? (() => generateCertificateSet({ now: now() })))(),
    );
    const [daemon, client] = await Promise.all([
      deps.kube.getSecret(ns, SECRET_NAMES.daemonCerts),
      deps.kube.getSecret(ns, SECRET_NAMES.clientCerts),
    ]);
    for (const existing of [daemon, client]) {
      if (!existing) continue;
      const name = existing.metadata?.name ?? '';
      await rec.run(
        `backup/${name}`,
        `Save the current ${name}`,
        async () => {
          const path = await backupSecret(existing, plan.backupsDir, now());
          backups.push(path);
          return path;
        },
        (p) => `saved to ${p}`,
      );
    }
    await rec.run(
      'files',
      `Write the certificates to ${certsDir}`,
      async () => {
        const written = await writeCertificateFiles(certsDir, set, { now });
        for (const w of written) if (w.backupPath) backups.push(w.backupPath);
        return written.filter((w) => w.backupPath).length;
      },
      (n) => (n ? `${n} previous files kept beside them` : undefined),
    );
    const data = certSecretData(set);
    await rec.run('secrets', `Replace secrets ${ns}/${SECRET_NAMES.daemonCerts} and ${ns}/${SECRET_NAMES.clientCerts}`, () =>
      replaceBoth(
        deps,
        ns,
        [secretManifest(SECRET_NAMES.daemonCerts, ns, data.daemon), daemon],
        [secretManifest(SECRET_NAMES.clientCerts, ns, data.client), client],
      ),
    );
  } catch (e) {
    return { ok: false, steps: rec.steps, backups, error: errorText(e) };
  }
  try {
    const r = await restartAndWait(plan, deps, rec, now);
    if (r.error || r.watchStopped)
      return { ok: false, steps: rec.steps, backups, rollout: r.rollout, watchStopped: r.watchStopped, error: r.error };
    const audit = await rec.run(
      'audit',
      'Check the certificates now in the cluster',
      async () => {
        const [daemon, client] = await Promise.all([
          deps.kube.getSecret(ns, SECRET_NAMES.daemonCerts),
          deps.kube.getSecret(ns, SECRET_NAMES.clientCerts),
        ]);
        const findings = auditCertificateSecrets(
          { daemon: daemon && decodeSecretData(daemon), client: client && decodeSecretData(client) },
          now(),
        );
        const inCluster = daemon && decodeSecretData(daemon)['ca.crt']?.toString('utf8');
        if (inCluster !== set.caCert) {
          findings.unshift({
            severity: 'fail',
            code: 'ca-mismatch',
            secret: SECRET_NAMES.daemonCerts,
            key: 'ca.crt',
            message: `${SECRET_NAMES.daemonCerts} does not hold the CA this rotation made: something changed it meanwhile.`,
            hint: 'Run the rotation again.',
          });
        }
        return findings;
      },
      (f) =>
        f.length === 0
          ? 'no problems found'
          : `${f.filter((x) => x.severity === 'fail').length} failed, ${f.filter((x) => x.severity === 'warn').length} warnings`,
    );
    const fails = audit.filter((f) => f.severity === 'fail');
    return {
      ok: fails.length === 0,
      steps: rec.steps,
      backups,
      rollout: r.rollout,
      audit,
      error: fails.length
        ? {
            message: `The certificate check found ${fails.length} ${fails.length === 1 ? 'problem' : 'problems'}: ${fails.map((f) => f.message).join(' ')}`,
            nextStep: fails[0]?.hint,
          }
        : undefined,
    };
  } catch (e) {
    return { ok: false, steps: rec.steps, backups, error: errorText(e) };
  }
}

/** Writes both secrets; if the second write fails, the first is put back as it was. */
async function replaceBoth(
  deps: RotationDeps,
  ns: string,
  first: [V1Secret, V1Secret | undefined],
  second: [V1Secret, V1Secret | undefined],
): Promise<void> {
  const written = await putSecret(deps.kube, ns, first[0], first[1]);
  try {
    await putSecret(deps.kube, ns, second[0], second[1]);
  } catch (e) {
    const previous = first[1];
    // A 409 on the undo: someone changed or made the secret again since this rotation wrote it; theirs is left alone.
    const outcome = (p: Promise<unknown>) =>
      p.then(
        () => 'restored' as const,
        (undo: unknown) => (isConflict(undo) ? ('changed' as const) : ('failed' as const)),
      );
    const restored = await (previous
      ? outcome(putSecret(deps.kube, ns, { ...previous, metadata: { ...previous.metadata, resourceVersion: undefined } }, written))
      : // Only the one this rotation made (its uid): one made again since is not deleted unseen.
        outcome(deps.kube.deleteSecret(ns, first[0].metadata?.name ?? '', written.metadata?.uid)));
    const name = first[0].metadata?.name;
    const said = {
      restored: `${name} was put back as it was, so both secrets still match.`,
      changed: `${name} was changed by someone else after this rotation wrote it and was left as they made it: check both secrets.`,
      failed: `${name} already holds the new certificates and could not be put back: the two secrets now differ.`,
    }[restored];
    const err = errorText(e);
    throw Object.assign(new Error(`${err.message} ${said}`), {
      nextStep: err.nextStep ?? 'Fix the cause and run probuilder-setup rotate certs again.',
    });
  }
}
