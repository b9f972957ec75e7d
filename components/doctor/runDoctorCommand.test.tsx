import { Console } from 'node:console';
import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DoctorOptions } from '../../src/cli/args.js';
import { NOW, NS, deployment } from '../../src/features/doctor/testing/fixtures.js';
import { LICENSE_VALUE, PAYLOAD_VALUE, REGISTRY_AUTH, healthyScenario, type Scenario } from '../../src/features/doctor/testing/scenario.js';
import { KubeConfigFlagError } from '../../src/platform/kube/config.js';
import { KubeError } from '../../src/platform/kube/errors.js';
import { runDoctorCommand, type DoctorCommandEnv } from './runDoctorCommand.js';

/** A stream that records what is written; `isTTY` decides between the live screen and plain text. */
class Capture extends EventEmitter {
  text = '';
  columns = 100;
  rows = 60;
  constructor(readonly isTTY: boolean) {
    super();
  }
  write(chunk: string | Uint8Array, encodingOrDone?: unknown, done?: unknown): boolean {
    this.text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
    // Ink waits for write callbacks before it lets the app exit.
    const callback = typeof encodingOrDone === 'function' ? encodingOrDone : done;
    if (typeof callback === 'function') queueMicrotask(() => (callback as () => void)());
    return true;
  }
}

function options(over: Partial<DoctorOptions> = {}): DoctorOptions {
  return { namespace: NS, release: 'pro-builder', output: 'tui', yes: false, dryRun: false, debug: false, color: true, ...over };
}

function setup(s: Scenario, o: { tty?: boolean; wait?: DoctorCommandEnv['wait'] } = {}) {
  const stdout = new Capture(o.tty ?? false);
  const stderr = new Capture(false);
  const env: DoctorCommandEnv = {
    stdin: new Capture(false) as unknown as NodeJS.ReadStream,
    stdout: stdout as unknown as NodeJS.WriteStream,
    stderr: stderr as unknown as NodeJS.WriteStream,
    services: { makeKube: () => s.kube, helm: s.helm, now: () => NOW },
    wait: o.wait,
  };
  return { env, stdout, stderr };
}

const ANSI = /\x1b\[/;
const SECRETS = [
  LICENSE_VALUE,
  PAYLOAD_VALUE,
  REGISTRY_AUTH,
  Buffer.from(PAYLOAD_VALUE).toString('base64'),
  Buffer.from(LICENSE_VALUE).toString('base64'),
];

let savedForceColor: string | undefined;
beforeEach(() => {
  savedForceColor = process.env['FORCE_COLOR'];
  // Ink patches the console through console.Console, which vitest's console replacement lacks.
  const c = console as unknown as { Console?: typeof Console };
  c.Console ??= Console;
});
afterEach(() => {
  if (savedForceColor === undefined) delete process.env['FORCE_COLOR'];
  else process.env['FORCE_COLOR'] = savedForceColor;
});

async function withoutPayloadSecret(): Promise<Scenario> {
  const s = await healthyScenario();
  s.kube.secrets.delete(`${NS}/payload-secret`);
  return s;
}

describe('runDoctorCommand', () => {
  it('--output json: one JSON document on stdout, nothing on stderr, exit 0 for a healthy install', async () => {
    const { env, stdout, stderr } = setup(await healthyScenario());
    const code = await runDoctorCommand(options({ output: 'json' }), env);
    expect(code).toBe(0);
    const report = JSON.parse(stdout.text);
    expect(report).toMatchObject({ version: 1, namespace: NS, release: 'pro-builder', summary: { fail: 0, exitCode: 0 } });
    expect(report.checks.length).toBeGreaterThan(20);
    expect(stdout.text).not.toMatch(ANSI);
    expect(stderr.text).toBe('');
  });

  it('exits 3 on a failure in every format, and never prints a secret value', async () => {
    const codes: Record<string, number> = {};
    for (const [output, tty] of [
      ['json', false],
      ['short', false],
      ['tui', false],
      ['tui', true],
    ] as const) {
      const { env, stdout, stderr } = setup(await withoutPayloadSecret(), { tty });
      codes[`${output}${tty ? '-tty' : ''}`] = await runDoctorCommand(options({ output }), env);
      expect(stdout.text).toContain('payload-secret');
      for (const secret of SECRETS) expect(stdout.text + stderr.text).not.toContain(secret);
    }
    expect(codes).toEqual({ json: 3, short: 3, tui: 3, 'tui-tty': 3 });
  });

  it('exits 4 for warnings only, the same in json and short', async () => {
    const codes: number[] = [];
    for (const output of ['json', 'short'] as const) {
      const s = await healthyScenario();
      s.kube.deployments.set(`${NS}/pro-builder`, deployment({ available: 0, conditions: [] }));
      const { env } = setup(s);
      codes.push(await runDoctorCommand(options({ output }), env));
    }
    expect(codes).toEqual([4, 4]);
  });

  it('--output short lists only the problems, each with its hint and fix', async () => {
    const { env, stdout } = setup(await withoutPayloadSecret());
    await runDoctorCommand(options({ output: 'short' }), env);
    expect(stdout.text.split('\n')[0]).toBe('× [secrets.payload] Secret payload-secret does not exist in namespace openfaas.');
    expect(stdout.text).toContain('    fix:  probuilder-setup rotate signing-secret --namespace openfaas');
    expect(stdout.text).not.toContain('cluster.reachable');
  });

  it('tui without a terminal prints the plain grouped report, without colour unless forced', async () => {
    delete process.env['FORCE_COLOR'];
    const { env, stdout } = setup(await withoutPayloadSecret());
    await runDoctorCommand(options(), env);
    expect(stdout.text).toMatch(/^Secrets\n-------\n/m);
    expect(stdout.text).toMatch(/^× signing secret payload-secret: Secret payload-secret does not exist/m);
    expect(stdout.text).not.toMatch(ANSI);

    process.env['FORCE_COLOR'] = '1';
    const forced = setup(await withoutPayloadSecret());
    await runDoctorCommand(options(), forced.env);
    expect(forced.stdout.text).toMatch(ANSI);
  });

  it('--no-color turns colour off for Ink (FORCE_COLOR=0) and for the plain report', async () => {
    process.env['FORCE_COLOR'] = '1';
    const { env, stdout } = setup(await withoutPayloadSecret());
    await runDoctorCommand(options({ color: false }), env);
    expect(process.env['FORCE_COLOR']).toBe('0');
    expect(stdout.text).not.toMatch(ANSI);
  });

  it('draws the live screen when stdout is a terminal, and never reads stdin', async () => {
    const s = await withoutPayloadSecret();
    const { env, stdout } = setup(s, { tty: true });
    const stdin = env.stdin as unknown as Capture;
    const code = await runDoctorCommand(options({ color: false }), env);
    expect(code).toBe(3);
    expect(stdout.text).toContain('× signing secret payload-secret: Secret payload-secret does not exist');
    expect(stdout.text).toContain('→ Requests to the builder are signed with it (HMAC)');
    expect(stdout.text).toMatch(/× \d+ passed, 0 warnings, 1 failed, \d+ skipped/);
    expect(stdin.listenerCount('readable') + stdin.listenerCount('data')).toBe(0);
  });

  it('with --debug on the live screen, the debug lines follow the finished screen on stderr', async () => {
    const { env, stdout, stderr } = setup(await healthyScenario(), { tty: true });
    let stdoutWhenDebugStarted: string | undefined;
    const write = stderr.write.bind(stderr);
    stderr.write = (chunk: string | Uint8Array) => {
      // The first line about a check (the one naming the context comes before the screen starts).
      if (String(chunk).includes(': pass in ')) stdoutWhenDebugStarted ??= stdout.text;
      return write(chunk);
    };
    expect(await runDoctorCommand(options({ debug: true, color: false }), env)).toBe(0);
    expect(stderr.text).toContain('debug: secrets.payload: pass in ');
    // Nothing reached stderr while Ink was still drawing: the summary was already on stdout.
    expect(stdoutWhenDebugStarted).toMatch(/✓ \d+ passed, 0 warnings, 0 failed, \d+ skipped/);
    expect(stdout.text).not.toContain('debug:');
  });

  it('a bad --wait is a usage error (exit 2) in every format, with nothing on stdout', async () => {
    for (const output of ['json', 'short', 'tui'] as const) {
      const { env, stdout, stderr } = setup(await healthyScenario());
      expect(await runDoctorCommand(options({ output, wait: 'soon' }), env)).toBe(2);
      expect(stdout.text).toBe('');
      expect(stderr.text).toMatch(/^probuilder-setup: --wait: The duration "soon" is not understood/);
    }
  });

  it('a kubeconfig without a current context: exit 1, as a JSON error document for json and a plain sentence otherwise', async () => {
    const broken = {
      makeKube: () => {
        throw new KubeError(
          'config',
          'The kubeconfig /home/dev/.kube/config has no current context.',
          'Pass --context <name> or run kubectl config use-context.',
        );
      },
    };
    const json = setup(await healthyScenario());
    json.env.services = { ...json.env.services!, ...broken };
    expect(await runDoctorCommand(options({ output: 'json' }), json.env)).toBe(1);
    expect(JSON.parse(json.stdout.text)).toEqual({
      version: 1,
      namespace: NS,
      release: 'pro-builder',
      error: {
        message: 'The kubeconfig /home/dev/.kube/config has no current context.',
        nextStep: 'Pass --context <name> or run kubectl config use-context.',
      },
      summary: { exitCode: 1 },
    });
    expect(json.stderr.text).toBe('');

    const text = setup(await healthyScenario());
    text.env.services = { ...text.env.services!, ...broken };
    expect(await runDoctorCommand(options({ output: 'short' }), text.env)).toBe(1);
    expect(text.stdout.text).toBe('');
    expect(text.stderr.text).toBe(
      'probuilder-setup: The kubeconfig /home/dev/.kube/config has no current context.\n  Next: Pass --context <name> or run kubectl config use-context.\n',
    );
  });

  it('a --kubeconfig or --context that cannot be used is a usage error (exit 2) in every format', async () => {
    for (const output of ['json', 'short', 'tui'] as const) {
      const { env, stdout, stderr } = setup(await healthyScenario());
      env.services = {
        ...env.services!,
        makeKube: () => {
          throw new KubeConfigFlagError(
            '--context',
            'The context "prod" is not in /home/dev/.kube/config.',
            'Pass one of the known contexts to --context: "dev".',
          );
        },
      };
      expect(await runDoctorCommand(options({ output, context: 'prod' }), env)).toBe(2);
      expect(stdout.text).toBe('');
      expect(stderr.text).toMatch(/^probuilder-setup: The context "prod" is not in/);
    }
  });

  it('names each bad flag (namespace, release, --request-timeout) with exit 2, before touching the cluster', async () => {
    const s = await healthyScenario();
    const { env, stdout, stderr } = setup(s);
    let made = 0;
    env.services = { ...env.services!, makeKube: () => (made++, s.kube) };
    expect(
      await runDoctorCommand(
        options({ output: 'json', namespace: 'Not_A_Namespace', release: 'x'.repeat(60), requestTimeout: 'fast' }),
        env,
      ),
    ).toBe(2);
    expect(stdout.text).toBe('');
    expect(
      stderr.text
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split(':').slice(0, 2).join(':')),
    ).toEqual(['probuilder-setup: --namespace', 'probuilder-setup: --release', 'probuilder-setup: --request-timeout']);
    expect(made).toBe(0);
  });

  it('passes --request-timeout to the Kubernetes client', async () => {
    const s = await healthyScenario();
    const { env } = setup(s);
    const seen: unknown[] = [];
    env.services = { ...env.services!, makeKube: (o) => (seen.push(o), s.kube) };
    await runDoctorCommand(options({ output: 'json', requestTimeout: '30s', kubeconfig: '/k', context: 'c' }), env);
    expect(seen).toEqual([{ kubeconfig: '/k', context: 'c', timeoutMs: 30_000 }]);
  });

  it('--wait re-checks until healthy: progress on stderr, only the last report on stdout', async () => {
    const s = await healthyScenario();
    s.kube.deployments.set(`${NS}/pro-builder`, deployment({ available: 0, conditions: [] }));
    let t = 0;
    const sleep = async (ms: number) => {
      t += ms;
      // The rollout finishes while the doctor waits.
      s.kube.deployments.set(`${NS}/pro-builder`, deployment());
    };
    const { env, stdout, stderr } = setup(s, { wait: { intervalMs: 5000, now: () => t, sleep } });
    expect(await runDoctorCommand(options({ output: 'short', wait: '2m' }), env)).toBe(0);
    expect(stderr.text).toBe('attempt 1: 0 failed, 1 warning — workload.deployment\nattempt 2: 0 failed, 0 warnings\n');
    expect(stdout.text).toBe('All checks passed (6 not applicable).\n');
  });

  it('--wait with json prints one document (the last report) and keeps stderr quiet; --debug adds diagnostics to stderr only', async () => {
    const s = await healthyScenario();
    s.kube.deployments.set(`${NS}/pro-builder`, deployment({ available: 0, conditions: [] }));
    let t = 0;
    const { env, stdout, stderr } = setup(s, { wait: { intervalMs: 5000, now: () => t, sleep: async (ms) => void (t += ms) } });
    expect(await runDoctorCommand(options({ output: 'json', wait: '12s' }), env)).toBe(4);
    expect(JSON.parse(stdout.text).summary).toMatchObject({ warn: 1, exitCode: 4 });
    expect(stderr.text).toBe('');

    t = 0;
    const debug = setup(s, { wait: { intervalMs: 5000, now: () => t, sleep: async (ms) => void (t += ms) } });
    await runDoctorCommand(options({ output: 'json', wait: '12s', debug: true }), debug.env);
    expect(JSON.parse(debug.stdout.text).summary.exitCode).toBe(4);
    expect(debug.stderr.text).toContain('debug: workload.deployment: warn in ');
    expect(debug.stderr.text).toContain('debug: --wait ended: timeout after 4 attempts');
  });
});
