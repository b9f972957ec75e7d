import { prepareTestBuild } from '../../src/features/testbuild/prepare.js';
import { runBuilderTest } from '../../src/shared/builder/testBuild.js';
import type { PreparedTestBuildRun, TestBuildTarget } from './ServicesContext.js';

const WIZARD_TEST_BUILD_TIMEOUT_MS = 10 * 60_000;

/** The wizard's test build: the release it just installed, key and registry read from the cluster. */
export async function prepareWizardTestBuild(target: TestBuildTarget): Promise<PreparedTestBuildRun> {
  const prepared = await prepareTestBuild(
    {
      namespace: target.namespace,
      release: target.release,
      yes: false,
      dryRun: false,
      debug: false,
      color: true,
      output: 'tui',
      timeout: '10m',
    },
    WIZARD_TEST_BUILD_TIMEOUT_MS,
    { kube: async () => target.kube, now: () => new Date() },
  );
  if (prepared.kind !== 'ready') return { ok: false, message: prepared.message, nextStep: prepared.nextStep };
  return {
    ok: true,
    image: prepared.request.image,
    contextLabel: prepared.contextLabel,
    run: (hooks) => runBuilderTest({ ...prepared.request, ...hooks }),
  };
}
