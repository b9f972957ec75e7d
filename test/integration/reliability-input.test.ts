import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { chmod, cp, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import { cliOutput, ecrCredentialFlags, expectNoStack, kubeconfigVariant, readTestbedKubeconfig, runCli, tempDir } from './cliHarness.js';
import { describeWithCharts, kubeClient, namespacesDeletedAfterAll, referenceChart, testbed, uniqueNamespace } from './testbed.js';

type Kind = 'shell' | 'control' | 'huge' | 'unicode' | 'dash';
const ALL: Kind[] = ['shell', 'control', 'huge', 'unicode', 'dash'];

/** Hostile values. Every run's working folder is the test's: a shell reached would create PWNED there. */
function hostile(kind: Kind): string {
  switch (kind) {
    case 'shell':
      return '$(touch PWNED);`touch PWNED`|x&&y>z';
    case 'control':
      return 'first\nsecond\r\u001b[2J\u001b]0;title\u0007';
    case 'huge':
      // One argv entry may hold at most 128 KiB on Linux; 1 MB values are covered through files.
      return 'a'.repeat(100_000);
    case 'unicode':
      return 'name\u202e\u200b😀名前';
    case 'dash':
      return '--post-renderer=/bin/sh';
  }
}

/** Runs at most `limit` at once: a hundred node processes would only fight over two cores. */
async function pool<T, R>(items: T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!);
      }
    }),
  );
  return out;
}

describeWithCharts('bad input on the command line: a clear message and exit 2, never a crash, never a shell', () => {
  const admin = kubeClient();
  const namespaces = namespacesDeletedAfterAll(() => admin);
  let dir: string;
  let canary: string;
  const files: Record<string, string> = {};

  beforeAll(async () => {
    dir = await tempDir('pbs-input-');
    canary = join(dir, 'PWNED');
    files['license'] = join(dir, 'LICENSE');
    files['password'] = join(dir, 'password');
    files['credentials'] = join(dir, 'credentials');
    await writeFile(files['license'], 'input-license');
    await writeFile(files['password'], 'input-password\n');
    await writeFile(
      files['credentials'],
      '[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n',
    );
  });

  it('every install flag refuses hostile values with one printable message naming the problem', async () => {
    const ns = uniqueNamespace('input');
    const base = [
      '--yes',
      '--kubeconfig',
      testbed.kubeconfig!,
      '-n',
      ns,
      '--license-file',
      files['license']!,
      '--chart',
      referenceChart('0.6.10'),
      '--skip-repo-add',
      '-o',
      join(dir, 'out'),
      '-f',
      join(dir, 'out', 'values.yaml'),
    ];
    const registry = {
      ttlsh: ['--registry', 'ttlsh'],
      private: [
        '--registry',
        'private',
        '--registry-server',
        'ghcr.io',
        '--registry-username',
        'octo',
        '--registry-password-file',
        files['password']!,
      ],
      ecr: ecrCredentialFlags(files['credentials']!),
      inferred: [] as string[],
      irsa: [
        '--registry',
        'ecr-irsa',
        '--aws-account-id',
        '123456789012',
        '--aws-region',
        'eu-west-1',
        '--aws-role-arn',
        'arn:aws:iam::123456789012:role/builder',
      ],
    };
    // Which hostile kinds each flag must refuse; values a flag legitimately allows (shell
    // metacharacters in a path or a user name) are proven harmless by the helm argv test below.
    const flags: [string, keyof typeof registry, Kind[]][] = [
      ['--namespace', 'ttlsh', ALL],
      ['--release', 'ttlsh', ALL],
      ['--timeout', 'ttlsh', ALL],
      ['--request-timeout', 'ttlsh', ALL],
      ['--buildkit-cpu', 'ttlsh', ALL],
      ['--buildkit-memory', 'ttlsh', ALL],
      ['--max-inflight', 'ttlsh', ALL],
      ['--replicas', 'ttlsh', ALL],
      ['--chart', 'ttlsh', ['control', 'huge', 'unicode', 'dash']],
      ['--chart-version', 'ttlsh', ALL],
      ['--license-file', 'ttlsh', ALL],
      ['--output-dir', 'ttlsh', ['control', 'huge']],
      ['--values-file', 'ttlsh', ['control', 'huge']],
      ['--write-manifests', 'ttlsh', ['control', 'huge']],
      ['--context', 'ttlsh', ALL],
      ['--kubeconfig', 'ttlsh', ALL],
      ['--registry', 'ttlsh', ALL],
      ['--registry-server', 'private', ALL],
      ['--registry-username', 'private', ['control', 'huge', 'unicode']],
      ['--registry-password-file', 'private', ALL],
      ['--docker-config', 'inferred', ALL],
      ['--aws-account-id', 'irsa', ALL],
      ['--aws-region', 'irsa', ALL],
      ['--aws-role-arn', 'irsa', ALL],
      ['--iam-policy-file', 'irsa', ['control', 'huge']],
      ['--aws-credentials-file', 'ecr', ALL],
    ];
    const cases = flags.flatMap(([flag, reg, kinds]) =>
      kinds.map((kind) => ({ flag, kind, args: [...base, ...registry[reg], flag, hostile(kind)] })),
    );
    const runs = await pool(cases, 6, async (c) => ({ ...c, r: await runCli(c.args, { timeoutMs: 30_000, cwd: dir }) }));
    const problems: string[] = [];
    for (const { flag, kind, r } of runs) {
      const where = `${flag} ${kind}: exit ${r.exitCode}\n${r.stderr.slice(0, 400)}`;
      if (r.exitCode !== 2) problems.push(where);
      else if (!/^probuilder-setup: \S/.test(r.stderr) || r.stdout !== '') problems.push(`${where}\n(not one message on stderr)`);
      else if (r.stderr.length > 2000) problems.push(`${flag} ${kind}: ${r.stderr.length} bytes of message`);
      // No raw control or bidi character from the input reaches the terminal: only the newlines between lines.
      else if (/[\u0000-\u0009\u000b-\u001f\u007f\u202e\u200b]/.test(r.stderr)) problems.push(`${where}\n(raw control characters)`);
      else if (/\n\s+at |node:internal/.test(r.stderr)) problems.push(`${where}\n(stack trace)`);
    }
    expect(problems).toEqual([]);
    expect(existsSync(canary)).toBe(false);
    expect(await admin.getNamespace(ns)).toBeUndefined();
  });

  it('1 MB values through files (license, password, docker config, AWS credentials) are refused by size, not read into a crash', async () => {
    const big = join(dir, 'big');
    await writeFile(big, 'x'.repeat(1024 * 1024 + 1));
    const ns = uniqueNamespace('input-big');
    const base = [
      '--yes',
      '--kubeconfig',
      testbed.kubeconfig!,
      '-n',
      ns,
      '--chart',
      referenceChart('0.6.10'),
      '--skip-repo-add',
      '-o',
      join(dir, 'out'),
    ];
    const runs = await Promise.all([
      runCli([...base, '--registry', 'ttlsh', '--license-file', big]),
      runCli([
        ...base,
        '--license-file',
        files['license']!,
        '--registry',
        'private',
        '--registry-server',
        'ghcr.io',
        '--registry-username',
        'octo',
        '--registry-password-file',
        big,
      ]),
      runCli([...base, '--license-file', files['license']!, '--registry', 'private', '--docker-config', big]),
      runCli([...base, '--license-file', files['license']!, ...ecrCredentialFlags(big)]),
      // A 1 MB password on stdin: read, then refused for its length, and never echoed.
      runCli(
        [
          ...base,
          '--license-file',
          files['license']!,
          '--registry',
          'private',
          '--registry-server',
          'ghcr.io',
          '--registry-username',
          'octo',
          '--registry-password-file',
          '-',
        ],
        { input: 'p'.repeat(1024 * 1024) },
      ),
    ]);
    for (const r of runs) {
      expect(r.exitCode, cliOutput(r)).toBe(2);
      expect(r.stderr).toMatch(/1\.0 MiB, more than the 1\.0 MiB expected|is 1048576 characters long, more than the 8192 allowed/);
      expect(r.stderr.length).toBeLessThan(1000);
      expectNoStack(cliOutput(r));
    }
    expect(await admin.getNamespace(ns)).toBeUndefined();
  });

  it('uninstall, rotate and doctor refuse hostile target flags the same way', async () => {
    const k = testbed.kubeconfig!;
    const cases: [string, string[]][] = [];
    for (const kind of ALL) {
      const v = hostile(kind);
      for (const cmd of [
        ['uninstall', '--yes'],
        ['rotate', 'certs', '--yes'],
        ['doctor', '--output', 'json'],
      ]) {
        cases.push([`${cmd[0]} --namespace ${kind}`, [...cmd, '--kubeconfig', k, '--namespace', v]]);
        cases.push([`${cmd[0]} --release ${kind}`, [...cmd, '--kubeconfig', k, '--release', v]]);
        cases.push([`${cmd[0]} --context ${kind}`, [...cmd, '--kubeconfig', k, '--context', v]]);
        cases.push([`${cmd[0]} --request-timeout ${kind}`, [...cmd, '--kubeconfig', k, '--request-timeout', v]]);
      }
      if (kind === 'control' || kind === 'huge') {
        cases.push([`uninstall --output-dir ${kind}`, ['uninstall', '--yes', '--kubeconfig', k, '--output-dir', v]]);
        cases.push([`rotate --output-dir ${kind}`, ['rotate', 'signing-secret', '--yes', '--kubeconfig', k, '--output-dir', v]]);
      }
      cases.push([`rotate --timeout ${kind}`, ['rotate', 'signing-secret', '--yes', '--kubeconfig', k, '--timeout', v]]);
      cases.push([`doctor --wait ${kind}`, ['doctor', '--output', 'json', '--kubeconfig', k, '--wait', v]]);
      cases.push([`uninstall --keep ${kind}`, ['uninstall', '--yes', '--kubeconfig', k, '--keep', v]]);
    }
    const runs = await pool(cases, 6, async ([name, args]) => ({ name, r: await runCli(args, { timeoutMs: 30_000, cwd: dir }) }));
    const problems = runs
      .filter(
        ({ r }) =>
          r.exitCode !== 2 ||
          /[\u0000-\u0009\u000b-\u001f\u007f\u202e\u200b]/.test(r.stderr + r.stdout) ||
          r.stderr.length + r.stdout.length > 3000 ||
          /\n\s+at /.test(r.stderr),
      )
      .map(({ name, r }) => `${name}: exit ${r.exitCode} ${JSON.stringify((r.stderr || r.stdout).slice(0, 300))}`);
    expect(problems).toEqual([]);
    expect(existsSync(canary)).toBe(false);
  });

  it('values that do reach helm go as single argv entries: spaces, quotes and metacharacters in paths and names stay inert', async () => {
    const ns = uniqueNamespace('input-argv');
    namespaces.push(ns);
    // A helm that records its argv, then runs the real helm with exactly those arguments.
    const record = join(dir, 'helm-argv.jsonl');
    const fakeHelm = join(dir, 'recording-helm');
    await writeFile(
      fakeHelm,
      `#!${process.execPath}\n` +
        `const { appendFileSync } = require('node:fs'); const { spawnSync } = require('node:child_process');\n` +
        `const args = process.argv.slice(2); appendFileSync(${JSON.stringify(record)}, JSON.stringify(args) + '\\n');\n` +
        `const r = spawnSync(${JSON.stringify(testbed.helm4)}, args, { stdio: 'inherit' }); process.exit(r.status ?? 1);\n`,
    );
    await chmod(fakeHelm, 0o755);

    // Double quotes only where helm takes a plain string: its --values is a CSV list, which the
    // install refuses a comma or quote for (unit-tested in validateHelmValuesPath).
    const odd = (what: string, quote = '"d"') => `${what} 'q' ${quote} $(touch PWNED); \`touch PWNED\` | & > x`;
    const chart = join(dir, odd('chart'));
    await cp(referenceChart('0.6.10'), chart, { recursive: true });
    const outDir = join(dir, odd('out', ''));
    const valuesFile = join(outDir, `${odd('values', '')}.yaml`);
    const context = odd('ctx');
    const server = readTestbedKubeconfig().clusters[0]!.cluster['server'] as string;
    const base = await kubeconfigVariant({});
    const doc = readTestbedKubeconfig(base);
    doc.contexts[0]!.name = context;
    doc['current-context'] = context;
    const kubeconfig = join(dir, odd('kubeconfig'));
    await writeFile(kubeconfig, (await import('yaml')).stringify(doc), { mode: 0o600 });
    expect(server).toMatch(/^https:/);

    const r = await runCli(
      [
        '--yes',
        '--kubeconfig',
        kubeconfig,
        '--context',
        context,
        '-n',
        ns,
        '--license-file',
        files['license']!,
        '--registry',
        'ttlsh',
        '--chart',
        chart,
        '--skip-repo-add',
        '-o',
        outDir,
        '-f',
        valuesFile,
        '--timeout',
        '60s',
      ],
      { env: { HELM: fakeHelm }, timeoutMs: 90_000, cwd: dir },
    );
    expect(r.exitCode, cliOutput(r)).toBe(0);
    const calls = (await readFile(record, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as string[]);
    const upgrade = calls.find((c) => c[0] === 'upgrade')!;
    expect(upgrade).toEqual([
      'upgrade',
      'pro-builder',
      chart,
      '--install',
      '--namespace',
      ns,
      '--kubeconfig',
      kubeconfig,
      '--kube-context',
      context,
      '--values',
      valuesFile,
    ]);
    // Every helm call that names the cluster names it the same way, each value one entry.
    for (const c of calls.filter((x) => x.includes('--kubeconfig'))) {
      expect(c[c.indexOf('--kubeconfig') + 1]).toBe(kubeconfig);
      expect(c[c.indexOf('--kube-context') + 1]).toBe(context);
    }
    expect(existsSync(canary)).toBe(false);
    expect(await readFile(join(outDir, 'payload.txt'), 'utf8')).toHaveLength(44);
  });

  it('a malformed kubeconfig is named by file, line and column in every command; its tokens and keys never appear (doctor JSON included)', async () => {
    const token = `LEAK-kubeconfig-token-${randomBytes(12).toString('hex')}`;
    const key = randomBytes(24).toString('base64');
    const broken = join(await tempDir('pbs-input-kc-'), 'kubeconfig');
    await writeFile(
      broken,
      `apiVersion: v1\nusers:\n- name: u\n  user:\n    token: ${token}\n    client-key-data: ${key}\n  : bad: [\ncontexts: []\n`,
      {
        mode: 0o600,
      },
    );
    const install = [
      '--yes',
      '--license-file',
      files['license']!,
      '--registry',
      'ttlsh',
      '-o',
      join(dir, 'kc-out'),
      '-f',
      join(dir, 'kc-out', 'v.yaml'),
    ];
    const commands: [string, string[], Record<string, string>?][] = [
      ['install', [...install, '--kubeconfig', broken]],
      ['install (KUBECONFIG)', install, { KUBECONFIG: broken }],
      ['doctor json', ['doctor', '--output', 'json', '--kubeconfig', broken]],
      ['doctor short', ['doctor', '--output', 'short', '--kubeconfig', broken]],
      ['uninstall', ['uninstall', '--yes', '--kubeconfig', broken, '-o', join(dir, 'kc-out')]],
      ['rotate', ['rotate', 'certs', '--yes', '--kubeconfig', broken, '-o', join(dir, 'kc-out')]],
      ['test-build', ['test-build', '--kubeconfig', broken]],
    ];
    const runs = await Promise.all(
      commands.map(async ([what, args, env]) => ({ what, r: await runCli(args, { env, timeoutMs: 30_000, cwd: dir }) })),
    );
    const where = new RegExp(
      `The kubeconfig ${broken.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} is not valid YAML: [^\\n]+ at line \\d+, column \\d+\\.`,
    );
    for (const { what, r } of runs) {
      const text = r.stdout + r.stderr;
      expect(r.exitCode, `${what}: ${text}`).not.toBe(0);
      expect(text, what).toMatch(where);
      expect(text, what).not.toContain(token);
      expect(text, what).not.toContain(key);
      expect(text, what).not.toMatch(/client-key-data|token:|\d+ \| /);
      expectNoStack(text);
    }
    const json = JSON.parse(runs.find((x) => x.what === 'doctor json')!.r.stdout) as { error?: { message?: string } };
    expect(json.error?.message).toMatch(where);
  });

  it('a FIFO, a device or a folder where a file belongs, or a file where a folder belongs: exit 2 with a sentence, no hang, nothing changed', async () => {
    const ns = uniqueNamespace('paths');
    namespaces.push(ns); // removed afterwards should a run wrongly install
    const site = await tempDir('pbs-input-paths-');
    const install = (extra: string[]) => [
      '--yes',
      '--kubeconfig',
      testbed.kubeconfig!,
      '-n',
      ns,
      '--license-file',
      files['license']!,
      '--registry',
      'ttlsh',
      '--chart',
      referenceChart('0.6.10'),
      '--skip-repo-add',
      ...extra,
    ];
    await mkdir(join(site, 'fifo-out'));
    execFileSync('mkfifo', [join(site, 'fifo-out', 'payload.txt')]);
    await mkdir(join(site, 'values-folder'));
    await writeFile(join(site, 'a-file'), 'a file, not a folder');
    const cases: [string, string[], RegExp][] = [
      // Before: a FIFO at payload.txt hung even --dry-run, forever.
      [
        'FIFO payload.txt, --dry-run',
        install(['--dry-run', '-o', join(site, 'fifo-out'), '-f', join(site, 'fifo-out', 'v.yaml')]),
        /fifo-out\/payload\.txt is a named pipe \(FIFO\), not a regular file\./,
      ],
      // Before: a bare EISDIR.
      [
        'folder at the values file',
        install(['-o', join(site, 'o1'), '-f', join(site, 'values-folder')]),
        /values-folder is a folder, not a regular file\./,
      ],
      // Before: the namespace was created, then a bare EEXIST (exit 1).
      ['file at the output folder', install(['-o', join(site, 'a-file'), '-f', join(site, 'v2.yaml')]), /a-file is a file, not a folder\./],
      [
        'file at the manifests folder',
        install(['--dry-run', '-o', join(site, 'o3'), '-f', join(site, 'o3', 'v.yaml'), '--write-manifests', join(site, 'a-file')]),
        /a-file is a file, not a folder\./,
      ],
    ];
    // Before: rotate backed up the secret, then failed its write step (exit 1).
    cases.push([
      'rotate, FIFO payload.txt',
      ['rotate', 'signing-secret', '--yes', '--kubeconfig', testbed.kubeconfig!, '-n', ns, '-o', join(site, 'fifo-out')],
      /fifo-out\/payload\.txt is a named pipe \(FIFO\), not a regular file\./,
    ]);
    let device: string | undefined = join(site, 'null');
    try {
      execFileSync('mknod', [device, 'c', '1', '3'], { stdio: 'ignore' });
      // Before: renamed over, the device became a regular file (as root, -f /dev/null would replace the system's).
      cases.push(['device at the values file', install(['-o', join(site, 'o4'), '-f', device]), /null is a device, not a regular file\./]);
    } catch {
      device = undefined; // mknod needs root
    }
    const runs = await Promise.all(
      cases.map(async ([what, args, sentence]) => ({ what, sentence, r: await runCli(args, { timeoutMs: 60_000, cwd: dir }) })),
    );
    for (const { what, sentence, r } of runs) {
      expect(r.timedOut, what).toBe(false);
      expect(r.exitCode, `${what}: ${r.stdout}${r.stderr}`).toBe(2);
      expect(r.stderr, what).toMatch(new RegExp(`^probuilder-setup: .*${sentence.source}`));
      expectNoStack(r.stderr);
    }
    expect(await admin.getNamespace(ns)).toBeUndefined();
    expect((await stat(join(site, 'fifo-out', 'payload.txt'))).isFIFO()).toBe(true);
    expect((await stat(join(site, 'a-file'))).isFile()).toBe(true);
    if (device) expect((await stat(device)).isCharacterDevice()).toBe(true);
  });
});
