import { randomBytes } from 'node:crypto';
import type { KubeConfigRequest } from '../../../platform/kube/config.js';
import { defaultTestContext } from '../../../shared/builder/defaultContext.js';
import { readClusterPayloadSecret, readClusterRegistry, runBuilderTest, type BuilderTestDeps } from '../../../shared/builder/testBuild.js';
import { chooseTestImage } from '../../../shared/builder/testImage.js';
import { fail, notApplicable, pass, truncate } from '../result.js';
import type { Check } from '../types.js';

const LOG_LINES_SHOWN = 8;

export interface BuildCheckOptions {
  /** The confirmed kubeconfig and context: the port-forward goes through the same API server. */
  kubeconfig: KubeConfigRequest;
  timeoutMs: number;
  deps?: BuilderTestDeps;
}

/**
 * `doctor --build`: after everything else, a signed FROM scratch build through the pro-builder
 * (port-forwarded to its pod) that pushes to the registry the install chose. It proves what the
 * other checks only infer: the certificates, the signing key and the registry credentials work.
 */
export function buildEndToEnd(o: BuildCheckOptions): Check {
  return {
    id: 'build.end-to-end',
    category: 'Build',
    description: 'Test build through the pro-builder',
    needs: ['workload.deployment', 'secrets.payload', 'secrets.registry'],
    async run(ctx) {
      const registry = await readClusterRegistry(ctx.kube, ctx.namespace);
      const choice = chooseTestImage(registry, ctx.now, randomBytes(6).toString('hex'));
      if (!choice.ok)
        return notApplicable(`No test build: ${choice.message}`, [], {
          hint: `Run probuilder-setup test-build --image … -n ${ctx.namespace}. ${choice.nextStep}`,
        });
      const payloadSecret = await readClusterPayloadSecret(ctx.kube, ctx.namespace);
      if (!payloadSecret?.trim()) return fail('No test build: payload-secret has no key to sign with.', []);
      const report = await runBuilderTest(
        {
          reach: { kind: 'forward', kube: ctx.kube, kubeconfig: o.kubeconfig, release: ctx.releaseName },
          namespace: ctx.namespace,
          release: ctx.releaseName,
          image: choice.image,
          context: defaultTestContext(ctx.now),
          payloadSecret,
          keySource: { kind: 'cluster' },
          timeoutMs: o.timeoutMs,
        },
        o.deps,
      );
      const seconds = (report.durationMs / 1000).toFixed(1);
      const tail = report.log.slice(-LOG_LINES_SHOWN).map((l) => truncate(l, 200));
      if (report.status === 'pushed') {
        return pass(`Built and pushed ${report.image}${report.digest ? `@${report.digest}` : ''} in ${seconds}s.`, [
          `image ${report.image}`,
          ...(report.digest ? [`digest ${report.digest}`] : []),
        ]);
      }
      return fail(`Test build failed (${report.cause}): ${report.summary ?? 'unknown cause'}`, [`image ${report.image}`, ...tail], {
        fix: report.fix,
      });
    },
  };
}
