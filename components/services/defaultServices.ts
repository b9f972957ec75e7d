import * as fs from 'node:fs/promises';
import { writeFileSafely } from '../../src/platform/files/secureWrite.js';
import { HelmCli } from '../../src/platform/helm/helm.js';
import { nodeFlagIo } from '../../src/features/install/flags.js';
import type { Services } from './ServicesContext.js';

/**
 * The real machine: kubeconfig, the helm binary, the disk and the clock. The Kubernetes client and
 * the install steps are imported on first use, so the wizard's first frame does not wait for them.
 */
export function defaultServices(): Services {
  return {
    makeKube: async (opts) => (await import('../../src/platform/kube/client.js')).KubeClient.fromKubeconfig(opts),
    helm: new HelmCli(),
    flagIo: nodeFlagIo,
    files: {
      stat: (p) => fs.stat(p),
      access: (p, mode) => fs.access(p, mode),
      readFile: (p, encoding) => fs.readFile(p, encoding),
      writeText: async (p, text, mode) => {
        await writeFileSafely(p, text, { mode, backup: true });
      },
    },
    prepare: async (...args) => (await import('../../src/features/install/prepare.js')).prepareInstallPlan(...args),
    apply: async (...args) => (await import('../../src/features/install/apply.js')).applyInstallPlan(...args),
    waitForRollout: async (...args) => (await import('../../src/shared/rollout/rollout.js')).waitForRollout(...args),
    runDoctor: async (req) => (await import('./doctorRunner.js')).runDoctorChecks(req),
    prepareTestBuild: async (target) => (await import('./testBuildRunner.js')).prepareWizardTestBuild(target),
    now: () => new Date(),
  };
}
