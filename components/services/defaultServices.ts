import * as fs from 'node:fs/promises';
import { writeFileSafely } from '../../src/files/secureWrite.js';
import { HelmCli } from '../../src/helm/helm.js';
import { applyInstallPlan } from '../../src/install/apply.js';
import { nodeFlagIo } from '../../src/install/flags.js';
import { prepareInstallPlan } from '../../src/install/prepare.js';
import { waitForRollout } from '../../src/install/rollout.js';
import { KubeClient } from '../../src/kube/client.js';
import { runDoctorChecks } from './doctorRunner.js';
import type { Services } from './ServicesContext.js';

/** The real machine: kubeconfig, the helm binary, the disk and the clock. */
export function defaultServices(): Services {
  return {
    makeKube: (opts) => KubeClient.fromKubeconfig(opts),
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
    prepare: prepareInstallPlan,
    apply: applyInstallPlan,
    waitForRollout,
    runDoctor: (req) => runDoctorChecks(req),
    now: () => new Date(),
  };
}
