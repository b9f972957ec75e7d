import { join } from 'node:path';
import { writeFileSafely } from '../../platform/files/secureWrite.js';
import { LOCAL_FILES } from '../../shared/snapshot/snapshot.js';
import { SECRET_KEYS, SECRET_NAMES, secretManifest } from '../../shared/secrets/index.js';
import { generateSigningSecret } from '../../shared/signing/index.js';
import type { RotationPlan } from './plan.js';
import { restartAndWait } from './restart.js';
import type { RotationDeps, RotationResult } from './result.js';
import { backupSecret, putSecret } from '../../shared/secrets/backup.js';
import { errorText, StepRecorder } from './steps.js';

export interface SigningRotationDeps extends RotationDeps {
  makeSigningSecret?: () => string;
}

/**
 * A new HMAC signing secret: the current payload-secret is saved to backups/ (0600), payload.txt
 * is rewritten (0600, the old file kept beside it), the secret is replaced, and the Deployment is
 * restarted and watched. payload.txt is written before the cluster changes, so a disk problem
 * stops the rotation before anything in the cluster differs from the file.
 */
export async function rotateSigningSecret(plan: RotationPlan, deps: SigningRotationDeps): Promise<RotationResult> {
  const now = deps.now ?? (() => new Date());
  const rec = new StepRecorder(deps.onStep);
  const backups: string[] = [];
  const ns = plan.namespace;
  const payloadPath = join(plan.outputDir, LOCAL_FILES.payload);
  try {
    const secret = (deps.makeSigningSecret ?? (() => generateSigningSecret()))();
    const existing = await deps.kube.getSecret(ns, SECRET_NAMES.payload);
    if (existing) {
      await rec.run(
        'backup',
        `Save the current ${SECRET_NAMES.payload}`,
        async () => {
          const path = await backupSecret(existing, plan.backupsDir, now());
          backups.push(path);
          return path;
        },
        (p) => `saved to ${p}`,
      );
    }
    await rec.run(
      'file',
      `Write ${payloadPath}`,
      async () => {
        const r = await writeFileSafely(payloadPath, secret, { mode: 0o600, backup: true, now });
        if (r.backupPath) backups.push(r.backupPath);
        return r.backupPath;
      },
      (b) => (b ? `previous copy kept as ${b}` : undefined),
    );
    await rec.run('secret', `${existing ? 'Replace' : 'Create'} secret ${ns}/${SECRET_NAMES.payload}`, () =>
      putSecret(deps.kube, ns, secretManifest(SECRET_NAMES.payload, ns, { [SECRET_KEYS.payload]: secret }), existing),
    );
  } catch (e) {
    const error = errorText(e);
    if (rec.steps.some((s) => s.id === 'file' && s.status === 'done')) {
      error.nextStep = `${payloadPath} already holds a new secret the cluster does not have. ${error.nextStep ? `${error.nextStep} Then run` : 'Run'} probuilder-setup rotate signing-secret again.`;
    }
    return { ok: false, steps: rec.steps, backups, error };
  }
  try {
    const r = await restartAndWait(plan, deps, rec, now);
    return { ok: !r.error && !r.watchStopped, steps: rec.steps, backups, rollout: r.rollout, watchStopped: r.watchStopped, error: r.error };
  } catch (e) {
    return { ok: false, steps: rec.steps, backups, error: errorText(e) };
  }
}
