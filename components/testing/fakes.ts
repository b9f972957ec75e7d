/**
 * Test doubles for screen and runner tests: a helm that answers version and records runs, an in-memory
 * disk, and a Services bundle over them and the one fake Kube (src/platform/testing/fakeKube.ts).
 */
import type { CheckOutcome } from '../../src/features/doctor/types.js';
import type { Helm, HelmVersion, RunOptions, RunResult } from '../../src/platform/helm/helm.js';
import type { ApplyDeps, ApplyResult } from '../../src/features/install/apply.js';
import type { InstallPlan } from '../../src/features/install/plan.js';
import type { RolloutOutcome, RolloutWatch } from '../../src/shared/rollout/rollout.js';
import { FakeKube } from '../../src/platform/testing/fakeKube.js';
import type { Kube } from '../../src/platform/kube/client.js';
import type { Services, WizardFiles } from '../services/ServicesContext.js';

export class FakeHelm implements Helm {
  readonly bin = 'helm';
  runs: string[][] = [];
  versionInfo: HelmVersion = { raw: 'v3.16.2', major: 3, minor: 16, patch: 2 };
  /** Lines "printed" by every run, streamed to onLine. */
  output: string[] = [];
  exitCode = 0;
  async version() {
    return this.versionInfo;
  }
  async run(args: string[], opts: RunOptions = {}): Promise<RunResult> {
    this.runs.push(args);
    for (const line of this.output) opts.onLine?.(line, 'stdout');
    return { exitCode: this.exitCode, stdout: this.output.join('\n'), stderr: this.exitCode ? 'Error: failed' : '' };
  }
}

/** An in-memory disk for the screens' file checks: path → content. */
export function fakeFiles(contents: Record<string, string> = {}): WizardFiles & { written: Record<string, string> } {
  const written: Record<string, string> = {};
  const enoent = () => Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
  return {
    written,
    stat: async (p) => {
      const folder = p.replace(/\/+$/, '');
      if (!(p in contents) && Object.keys(contents).some((f) => f.startsWith(`${folder}/`))) {
        return { isFile: () => false, isDirectory: () => true, size: 0 };
      }
      if (!(p in contents)) throw enoent();
      return { isFile: () => true, isDirectory: () => false, size: Buffer.byteLength(contents[p]!) };
    },
    access: async (p) => {
      if (!(p in contents)) throw enoent();
    },
    readFile: async (p) => {
      if (!(p in contents)) throw enoent();
      return contents[p]!;
    },
    writeText: async (p, text) => {
      written[p] = text;
      contents[p] = text;
    },
  };
}

export interface FakeServices extends Services {
  kube: FakeKube;
  fakeHelm: FakeHelm;
  files: ReturnType<typeof fakeFiles>;
}

/** Services over fakes. prepare/apply/waitForRollout default to instant stand-ins; override per test. */
export function fakeServices(
  over: Partial<Omit<Services, 'files'>> & { kube?: FakeKube; files?: ReturnType<typeof fakeFiles>; plan?: InstallPlan } = {},
): FakeServices {
  const kube = over.kube ?? new FakeKube().addNamespace('openfaas');
  const helm = new FakeHelm();
  const files = over.files ?? fakeFiles();
  const base: FakeServices = {
    kube,
    fakeHelm: helm,
    makeKube: () => kube,
    helm,
    flagIo: {
      readFile: async (p) => Buffer.from(await files.readFile(p, 'utf8')),
      homeDir: '/home/test',
      readStdin: async () => '',
    },
    files,
    prepare: async () => {
      if (!over.plan) throw new Error('fakeServices: no plan given');
      return over.plan;
    },
    apply: async (_plan: InstallPlan, _deps: ApplyDeps): Promise<ApplyResult> => ({ ok: true, steps: [], backups: [] }),
    waitForRollout: async (_k: Kube, _ns: string, _r: string, _w: RolloutWatch): Promise<RolloutOutcome> => ({
      ok: true,
      timedOut: false,
      deploymentName: 'pro-builder',
      warnings: [],
    }),
    runDoctor: async (): Promise<CheckOutcome[]> => [],
    now: () => new Date('2026-01-02T03:04:05Z'),
  };
  const { kube: _k, files: _f, plan: _p, ...rest } = over;
  return { ...base, ...rest };
}
