import { randomBytes } from 'node:crypto';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { decodeSecretData, SECRET_KEYS, SECRET_NAMES } from '../../src/shared/secrets/index.js';
import { cli, ecrCredentialFlags, runCli, tempDir, type CliRun } from './cliHarness.js';
import { hasTmux, TmuxTerminal } from './terminal.js';
import { describeWithCharts, kubeClient, referenceChart, testbed, uniqueNamespace } from './testbed.js';

const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** A random value in the AWS secret key format (40 base64 characters). */
function awsSecretKey(): string {
  return Array.from(randomBytes(40), (b) => BASE64_ALPHABET[b % 64]).join('');
}

/** Every file below `dir`, with its mode, as paths relative to it. */
async function walk(dir: string): Promise<{ path: string; mode: number; text: string }[]> {
  const out: { path: string; mode: number; text: string }[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(full)).map((f) => ({ ...f, path: join(entry.name, f.path) })));
    else out.push({ path: entry.name, mode: (await stat(full)).mode & 0o777, text: await readFile(full, 'utf8') });
  }
  return out;
}

/** The PEM body of a private key, without its armour lines: what a leak would contain. */
function keyBody(pem: string): string {
  return pem
    .split('\n')
    .filter((l) => l && !l.startsWith('-----'))
    .join('');
}

describeWithCharts('no leaks: known secret values never reach any output, and key files stay private', () => {
  const admin = kubeClient();
  const ns = uniqueNamespace('leaks');
  const secrets: Record<string, string> = {};
  const outputs: { what: string; text: string }[] = [];
  let dir: string;
  let toolTmp: string;
  let term: TmuxTerminal | undefined;

  beforeAll(async () => {
    dir = await tempDir('pbs-leaks-');
    // The tool's temporary folder: anything it leaves there is a leftover.
    toolTmp = await tempDir('pbs-leaks-tmp-');
    secrets['license'] = `LEAK-license-${randomBytes(16).toString('hex')}`;
    secrets['password'] = `LEAK-pw-${randomBytes(16).toString('hex')}`;
    secrets['awsSecretKey'] = awsSecretKey();
    secrets['payload'] = randomBytes(32).toString('base64');
    await writeFile(join(dir, 'LICENSE'), secrets['license']);
    await writeFile(join(dir, 'password'), `${secrets['password']}\n`);
    await writeFile(
      join(dir, 'aws-credentials'),
      `[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = ${secrets['awsSecretKey']}\n`,
    );
    // A signing secret that was there before the tool: its value must never be shown either.
    await admin.createNamespace(ns);
    await admin.createSecret(ns, { metadata: { name: SECRET_NAMES.payload }, stringData: { [SECRET_KEYS.payload]: secrets['payload'] } });
  });
  afterEach(() => term?.close());
  afterAll(async () => {
    await admin.deleteNamespace(ns);
  });

  const env = () => ({ TMPDIR: toolTmp });
  async function step(what: string, args: string[], expected: number | number[] = 0, input?: string): Promise<CliRun> {
    const r = await runCli(args, { env: env(), input, timeoutMs: 120_000 });
    outputs.push({ what, text: `${r.stdout}${r.stderr}` });
    expect([expected].flat(), `${what}\n${r.stdout}${r.stderr}`).toContain(r.exitCode);
    return r;
  }

  it('install (private registry, then ECR), doctor in every format, rotate both, uninstall, and one TUI run', async () => {
    const k = ['--kubeconfig', testbed.kubeconfig!, '-n', ns];
    const files = ['-o', dir, '-f', join(dir, 'custom-values.yaml')];
    const chart = ['--chart', referenceChart('0.4.19'), '--skip-repo-add', '--buildkit-cpu', '250m', '--timeout', '60s'];
    await step('install private', [
      '--yes',
      ...k,
      ...files,
      ...chart,
      '--license-file',
      join(dir, 'LICENSE'),
      '--registry',
      'private',
      '--registry-server',
      'ghcr.io',
      '--registry-username',
      'octocat',
      '--registry-password-file',
      join(dir, 'password'),
    ]);
    const privateConfig = await readFile(join(dir, 'config.json'), 'utf8');
    // Switching registries replaces registry-secret: the old one (with the password) goes to backups/.
    await step('install ecr', ['--yes', ...k, ...files, ...chart, ...ecrCredentialFlags(join(dir, 'aws-credentials'))]);
    expect(decodeSecretData((await admin.getSecret(ns, SECRET_NAMES.awsCredentials))!)[SECRET_NAMES.awsCredentials]!.toString()).toContain(
      secrets['awsSecretKey'],
    );
    await step('dry run', [
      '--yes',
      '--dry-run',
      ...k,
      ...files,
      ...chart,
      ...ecrCredentialFlags(join(dir, 'aws-credentials')),
      '--write-manifests',
      join(dir, 'manifests'),
    ]);

    for (const format of ['json', 'short', 'tui']) await step(`doctor ${format}`, ['doctor', '--output', format, ...k], [0, 3, 4]);
    const doctorJson = outputs.find((o) => o.what === 'doctor json')!.text;
    expect(() => JSON.parse(doctorJson)).not.toThrow();

    await step('rotate signing-secret', ['rotate', 'signing-secret', '--yes', ...k, '-o', dir, '--timeout', '60s']);
    secrets['payloadRotated'] = await readFile(join(dir, 'payload.txt'), 'utf8');
    expect(secrets['payloadRotated']).not.toBe(secrets['payload']);
    const keysBefore = await Promise.all(['ca.key', 'server.key', 'client.key'].map((f) => readFile(join(dir, 'certs', f), 'utf8')));
    await step('rotate certs', ['rotate', 'certs', '--yes', ...k, '-o', dir, '--timeout', '60s']);
    const keysAfter = await Promise.all(['ca.key', 'server.key', 'client.key'].map((f) => readFile(join(dir, 'certs', f), 'utf8')));

    // One run in a real terminal: every byte it draws is logged by tmux.
    if (hasTmux()) {
      term = TmuxTerminal.start([process.execPath, cli, 'rotate', 'signing-secret', ...k, '-o', dir, '--timeout', '60s'], {
        env: { HELM: testbed.helm4!, PATH: process.env['PATH'] ?? '', TMPDIR: toolTmp },
      });
      await term.waitFor(/y\/N/);
      term.type('y');
      expect(await term.waitForExit(90_000)).toBe(0);
      outputs.push({ what: 'rotate in a terminal', text: term.output() });
      secrets['payloadRotatedTui'] = await readFile(join(dir, 'payload.txt'), 'utf8');
      expect(secrets['payloadRotatedTui']).not.toBe(secrets['payloadRotated']);
    }

    await step('uninstall', ['uninstall', '--yes', ...k, '-o', dir]);

    // What must never be seen: each value and its base64, the registry login as docker stores it,
    // whole secret payloads as the API carries them, and the body of every private key made.
    const needles: [string, string][] = [];
    for (const [name, value] of Object.entries(secrets)) {
      needles.push([name, value], [`base64(${name})`, Buffer.from(value).toString('base64')]);
    }
    needles.push(['docker auth', Buffer.from(`octocat:${secrets['password']}`).toString('base64')]);
    needles.push(['registry config.json as base64', Buffer.from(privateConfig).toString('base64')]);
    for (const [i, pem] of [...keysBefore, ...keysAfter].entries()) needles.push([`private key ${i}`, keyBody(pem).slice(0, 64)]);

    const leaks: string[] = [];
    for (const { what, text } of outputs) {
      for (const [name, needle] of needles) if (text.includes(needle)) leaks.push(`${name} in the output of ${what}`);
    }

    // Files: key material 0600; anything else must hold no secret.
    const written = await walk(dir);
    const inputs = new Set(['LICENSE', 'password', 'aws-credentials']);
    for (const f of written.filter((x) => !inputs.has(x.path))) {
      const keyMaterial = /^(payload\.txt|config\.json|certs\/.*\.key|backups\/|manifests\/secret-)/.test(f.path);
      if (keyMaterial) {
        if (f.mode !== 0o600) leaks.push(`${f.path} is ${f.mode.toString(8)}, not 600`);
        continue;
      }
      for (const [name, needle] of needles) if (f.text.includes(needle)) leaks.push(`${name} in ${f.path} (${f.mode.toString(8)})`);
    }
    expect(leaks).toEqual([]);

    // Backups hold the replaced secrets; they exist and are private.
    const backups = written.filter((f) => f.path.startsWith('backups/')).map((f) => relative('backups', f.path));
    expect(backups.some((b) => b.startsWith('secret-registry-secret.yaml'))).toBe(true);
    expect(backups.some((b) => b.startsWith('secret-payload-secret.yaml'))).toBe(true);

    // No temporary files: none in the output folder, none in the tool's TMPDIR.
    expect(written.filter((f) => /\.tmp$|^\.|\/\./.test(f.path)).map((f) => f.path)).toEqual([]);
    // Node's own compile cache (compiled code of the bundle, enabled in main.tsx) is the one thing allowed there.
    expect((await readdir(toolTmp)).filter((name) => name !== 'node-compile-cache')).toEqual([]);
  });
});
