// helm template over every published pro-builder chart × BuildKit mode × registry path, with the
// values this tool writes, asserting the Deployment the chart would create. No cluster needed: only
// the test bed's helm 3 and helm 4. Helm 3 renders every combination; helm 4 the boundary versions
// (where a trait changes), which keeps the run short on CI's 2 cores.
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import type { V1Deployment } from '@kubernetes/client-node';
import type { BuildkitMode } from '../../src/shared/chart/buildkitMode.js';
import { ChartError } from '../../src/shared/chart/errors.js';
import { IRSA_FS_GROUP } from '../../src/shared/chart/generations.js';
import { requiredSecrets } from '../../src/shared/chart/requiredSecrets.js';
import { CHART_FEATURES, chartTraits, neededFeatures, requireChartFeatures } from '../../src/shared/chart/traits.js';
import { compareChartVersions } from '../../src/shared/chart/version.js';
import { IRSA_SERVICE_ACCOUNT, SECRET_NAMES } from '../../src/shared/secrets/index.js';
import { applyValues } from '../../src/shared/values/apply.js';
import { isRootlessImage } from '../../src/shared/values/buildkitImage.js';
import { desiredValues } from '../../src/shared/values/settings.js';
import { publishedCharts, unpackedChart } from '../support/helmRepo.js';
import { REFERENCE_MISSING_REASON, referencePresent } from '../support/referenceData.js';
import { scratchHelmEnv } from '../support/helmEnv.js';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

const run = promisify(execFile);
const testbed = inject('testbed');
// PBS_HELM3 / PBS_HELM4 let the matrix run against other helm builds (and without a cluster).
const HELMS = { 3: process.env['PBS_HELM3'] ?? testbed?.helm3, 4: process.env['PBS_HELM4'] ?? testbed?.helm4 };

type RegistryPath = 'ttlsh' | 'ecr' | 'ecr-irsa';
const REGISTRY_PATHS: RegistryPath[] = ['ttlsh', 'ecr', 'ecr-irsa'];
const MODES: BuildkitMode[] = ['rootless', 'root'];
/** Versions where a trait changes, and their neighbours: what helm 4 renders. */
const BOUNDARIES = new Set([
  '0.3.0',
  '0.3.3',
  '0.3.5',
  '0.3.6',
  '0.3.7',
  '0.4.3',
  '0.4.6',
  '0.4.18',
  '0.4.19',
  '0.5.1',
  '0.6.0',
  '0.6.6',
  '0.6.7',
  '0.6.8',
  '0.6.10',
]);

interface Case {
  version: string;
  mode: BuildkitMode;
  registry: RegistryPath;
  helm: 3 | 4;
}

const cases: Case[] = [];
for (const { version } of publishedCharts()) {
  for (const mode of MODES) {
    for (const registry of REGISTRY_PATHS) {
      cases.push({ version, mode, registry, helm: 3 });
      if (BOUNDARIES.has(version)) cases.push({ version, mode, registry, helm: 4 });
    }
  }
}

/** The values this tool writes for a case (as prepare.ts builds them), or the refusal it gives. */
function toolValues(c: Case, defaults: unknown): { text: string } | { refused: string } {
  const traits = chartTraits(c.version, defaults);
  const answers = { registryKind: c.registry, maxInflight: 3, buildkitCpu: '100m', buildkitMemory: '256Mi' };
  try {
    requireChartFeatures(traits, neededFeatures(answers), c.registry);
  } catch (e) {
    if (e instanceof ChartError) return { refused: e.message };
    throw e;
  }
  const settings = desiredValues({
    generation: traits.generation,
    buildkitMode: c.mode,
    maxInflight: answers.maxInflight,
    buildkitCpu: answers.buildkitCpu,
    buildkitMemory: answers.buildkitMemory,
    awsCredentialsSecret: c.registry === 'ecr' ? SECRET_NAMES.awsCredentials : undefined,
    serviceAccount: c.registry === 'ecr-irsa' ? IRSA_SERVICE_ACCOUNT : undefined,
    fsGroup: c.registry === 'ecr-irsa' ? IRSA_FS_GROUP : undefined,
    chartDefaults: defaults,
    chartVersion: c.version,
    // The test bed's cluster (Kubernetes 1.37) knows the field.
    appArmorUnconfined: traits.features.buildkitSecurityContext,
  });
  return { text: applyValues(undefined, settings).text };
}

/** A small pool: helm is a process each, and CI has two cores. */
async function inPool<T>(items: T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

const available = referencePresent && !!HELMS[3] && !!HELMS[4];
const reason = !referencePresent
  ? REFERENCE_MISSING_REASON
  : 'the test bed has no helm 3 and helm 4 (run: bash scripts/testbed/testbed build)';

describe.skipIf(!available)(
  `helm template matrix: every published chart × mode × registry path${available ? '' : ` (skipped: ${reason})`}`,
  () => {
    const rendered = new Map<Case, V1Deployment | { refused: string } | Error>();
    let started = 0;

    beforeAll(async () => {
      const env = { ...process.env, ...(await scratchHelmEnv()) };
      const dir = await mkdtemp(join(tmpdir(), 'pbs-matrix-'));
      started = Date.now();
      await inPool(cases, Math.max(2, Math.min(4, availableParallelism())), async (c) => {
        const chart = unpackedChart(c.version);
        const defaults = parse(readFileSync(join(chart, 'values.yaml'), 'utf8')) as unknown;
        const values = toolValues(c, defaults);
        if ('refused' in values) return void rendered.set(c, values);
        const file = join(dir, `${c.version}-${c.mode}-${c.registry}-${c.helm}.yaml`);
        await writeFile(file, values.text);
        try {
          const r = await run(
            HELMS[c.helm]!,
            ['template', 'pro-builder', chart, '--namespace', 'openfaas', '--values', file, '--show-only', 'templates/deployment.yml'],
            { env, maxBuffer: 8 << 20 },
          );
          const doc = parseAllDocuments(r.stdout)
            .map((d) => d.toJS() as V1Deployment)
            .find((d) => d?.kind === 'Deployment');
          rendered.set(c, doc ?? new Error('no Deployment rendered'));
        } catch (e) {
          rendered.set(c, e as Error);
        }
      });
      // The run time, for the report (goals live in bench/, never in a timed assertion).
      process.stderr.write(`chart matrix: ${cases.length} renders in ${((Date.now() - started) / 1000).toFixed(1)}s\n`);
    }, 900_000);

    for (const c of cases) {
      it(`${c.version} ${c.mode} ${c.registry} (helm ${c.helm})`, () => {
        const r = rendered.get(c);
        if (r instanceof Error) throw r;
        // Refused exactly below the path's minimum version, naming the version that adds the first missing value.
        const needs = neededFeatures({ registryKind: c.registry, maxInflight: 3, buildkitCpu: '100m' });
        const missing = needs.filter((f) => !chartTraits(c.version).features[f]).map((f) => CHART_FEATURES[f].since);
        if (!r || 'refused' in r) {
          expect(missing.length).toBeGreaterThan(0);
          expect((r as { refused: string }).refused).toContain(`chart ${missing.sort(compareChartVersions)[0]} adds it`);
          return;
        }
        expect(missing).toEqual([]);
        const pod = r.spec!.template.spec!;
        const buildkit = pod.containers.find((x) => x.name === 'buildkit')!;
        const proBuilder = pod.containers.find((x) => x.name === 'pro-builder')!;
        // BuildKit image and securityContext match the mode.
        expect(isRootlessImage(buildkit.image!)).toBe(c.mode === 'rootless');
        if (c.mode === 'rootless') {
          expect(buildkit.securityContext).toMatchObject({ runAsUser: 1000, runAsGroup: 1000, seccompProfile: { type: 'Unconfined' } });
          expect(buildkit.securityContext?.privileged ?? false).toBe(false);
          // Every chart renders a custom BuildKit securityContext, so the AppArmor profile reaches the container.
          expect(buildkit.securityContext?.appArmorProfile).toEqual({ type: 'Unconfined' });
        } else {
          expect(buildkit.securityContext).toMatchObject({ runAsUser: 0, privileged: true });
          expect(buildkit.securityContext?.appArmorProfile).toBeUndefined();
        }
        // Every secret the Deployment mounts is one the tool's plan creates (or the build-secrets key, unset here).
        const traits = chartTraits(c.version);
        const planned = requiredSecrets(traits.generation, {
          registryKind: c.registry,
          awsCredentialsSecret: c.registry === 'ecr' ? SECRET_NAMES.awsCredentials : undefined,
        }).map((s) => s.name);
        const mounted = (pod.volumes ?? []).map((v) => v.secret?.secretName).filter((n): n is string => !!n);
        expect(new Set(mounted)).toEqual(new Set(planned));
        // IRSA: the service account and the fsGroup that makes its token readable.
        if (c.registry === 'ecr-irsa') {
          expect(pod.serviceAccountName).toBe(IRSA_SERVICE_ACCOUNT);
          expect(pod.securityContext?.fsGroup).toBe(IRSA_FS_GROUP);
        } else {
          expect(pod.serviceAccountName).toBeUndefined();
        }
        // The shared credentials file for ECR is mounted from its secret.
        expect(mounted.includes(SECRET_NAMES.awsCredentials)).toBe(c.registry === 'ecr');
        // What the tool wrote reaches the pod.
        expect(buildkit.resources?.requests).toMatchObject({ cpu: '100m', memory: '256Mi' });
        expect(proBuilder.env?.find((e) => e.name === 'max_inflight')?.value).toBe('3');
      });
    }
  },
);
