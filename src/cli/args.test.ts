import { describe, expect, it } from 'vitest';
import { parseArgs } from './args.js';

describe('parseArgs', () => {
  it('defaults to the install wizard with the openfaas namespace', () => {
    const p = parseArgs([]);
    expect(p.kind).toBe('install');
    if (p.kind !== 'install') return;
    expect(p.options.namespace).toBe('openfaas');
    expect(p.options.chart).toBe('openfaas/pro-builder');
    expect(p.options.yes).toBe(false);
  });

  it('reads install answers from flags', () => {
    const p = parseArgs(['--registry', 'ecr', '--aws-account-id', '123456789012', '--max-inflight', '3', '-y', '--context', 'prod']);
    if (p.kind !== 'install') throw new Error(p.kind);
    expect(p.options).toMatchObject({ registry: 'ecr', awsAccountId: '123456789012', maxInflight: 3, yes: true, context: 'prod' });
  });

  it.each([
    [['--context', ''], '--context'],
    [['--kubeconfig', ''], '--kubeconfig'],
    [['--license-file', ''], '--license-file'],
    [['--context=', '--yes'], '--context'],
    [['uninstall', '--include', 'secret/x', ''], '--include'],
    [['doctor', '--kubeconfig', ''], '--kubeconfig'],
    [['rotate', 'certs', '--context', ''], '--context'],
    [['uninstall', '-o', ''], '--output-dir'],
  ])('refuses an empty value for a flag as a usage error, never as "not given": %j', (argv, flag) => {
    const p = parseArgs(argv);
    expect(p.kind).toBe('usage-error');
    if (p.kind === 'usage-error' && flag) expect(p.message).toBe(`${flag} was given an empty value; pass a value or leave the flag out.`);
  });

  it.each([
    [
      ['--max-inflight', '99999999999999999999999'],
      /^--max-inflight must be a whole number from 0 to 100000, got "99999999999999999999999"\.$/,
    ],
    [['--replicas', '100001'], /^--replicas must be a whole number from 0 to 1000, got "100001"\.$/],
  ])('range-checks numbers as a usage error: %j', (argv, message) => {
    const p = parseArgs(argv);
    expect(p.kind).toBe('usage-error');
    if (p.kind === 'usage-error') expect(p.message).toMatch(message);
  });

  it('refuses --write-manifests without --dry-run (exit 2) instead of running the real install', () => {
    expect(parseArgs(['--write-manifests', 'out'])).toEqual({
      kind: 'usage-error',
      message: '--write-manifests works only with --dry-run: add --dry-run (nothing is changed), or leave --write-manifests out.',
    });
    expect(parseArgs(['--write-manifests', 'out', '--dry-run']).kind).toBe('install');
  });

  it('parses doctor with an output format', () => {
    const p = parseArgs(['doctor', '--output', 'json', '-n', 'ofp']);
    expect(p).toMatchObject({ kind: 'doctor', options: { output: 'json', namespace: 'ofp' } });
  });

  it('parses doctor --bundle with and without a file, and --bundle-log-lines', () => {
    const opts = (argv: string[]) => {
      const r = parseArgs(argv);
      return r.kind === 'doctor' ? r.options : r;
    };
    expect(opts(['doctor', '--bundle'])).toMatchObject({ bundle: true });
    expect(opts(['doctor', '--bundle', '-'])).toMatchObject({ bundle: '-' });
    expect(opts(['doctor', '--bundle', 'out.tgz', '--bundle-log-lines', '10'])).toMatchObject({ bundle: 'out.tgz', bundleLogLines: 10 });
    expect(opts(['doctor'])).not.toHaveProperty('bundle');
    expect(parseArgs(['doctor', '--bundle', 'x', '--bundle-log-lines', 'many'])).toMatchObject({
      kind: 'usage-error',
      message: expect.stringContaining('--bundle-log-lines must be a whole number'),
    });
  });

  it('parses test-build with its flags and defaults', () => {
    expect(parseArgs(['test-build', '--builder-url', 'http://127.0.0.1:8081', '--image', 'ttl.sh/x:1h', '--output', 'json'])).toMatchObject(
      {
        kind: 'test-build',
        options: {
          builderUrl: 'http://127.0.0.1:8081',
          image: 'ttl.sh/x:1h',
          output: 'json',
          timeout: '10m',
          release: 'pro-builder',
          namespace: 'openfaas',
        },
      },
    );
    expect(parseArgs(['test-build', '--output', 'yaml'])).toMatchObject({ kind: 'usage-error' });
    expect(parseArgs(['doctor', '--build'])).toMatchObject({ kind: 'doctor', options: { build: true } });
  });

  it("parses doctor --fix and the flags its remedies take, with the install's defaults for -o and -f", () => {
    expect(parseArgs(['doctor', '--fix'])).toMatchObject({
      kind: 'doctor',
      options: { fix: true, outputDir: '.', valuesFile: 'custom-values.yaml' },
    });
    expect(
      parseArgs([
        'doctor',
        '--fix',
        '-o',
        'out',
        '-f',
        'v.yaml',
        '--docker-config',
        'c.json',
        '--aws-role-arn',
        'arn:aws:iam::123456789012:role/r',
        '--chart-repo',
        'http://127.0.0.1:1/',
        '--chart-version',
        '0.4.19',
      ]),
    ).toMatchObject({
      options: {
        fix: true,
        outputDir: 'out',
        valuesFile: 'v.yaml',
        dockerConfig: 'c.json',
        awsRoleArn: 'arn:aws:iam::123456789012:role/r',
        chartRepo: 'http://127.0.0.1:1/',
        chartVersion: '0.4.19',
      },
    });
    expect(parseArgs(['doctor'])).toMatchObject({ options: { fix: false } });
  });

  it('parses rotate with its target', () => {
    expect(parseArgs(['rotate', 'certs'])).toMatchObject({ kind: 'rotate', options: { target: 'certs' } });
  });

  it.each([
    [['frobnicate'], /unknown command "frobnicate"/],
    [['--bogus'], /unknown option '--bogus'/],
    [['doctor', '--output', 'xml'], /Allowed choices are tui, json, short/],
    [['--registry', 'dockerhub'], /Allowed choices/],
    [['--replicas', 'two'], /--replicas must be a whole number/],
    [['rotate', 'everything'], /invalid/],
  ])('rejects %j as a usage error', (argv, message) => {
    const p = parseArgs(argv);
    expect(p.kind).toBe('usage-error');
    if (p.kind === 'usage-error') expect(p.message).toMatch(message);
  });

  it('does not mistake a flag value for a subcommand', () => {
    expect(parseArgs(['--context', 'doctor-cluster']).kind).toBe('install');
  });

  it('prints help and version without running a command', () => {
    expect(parseArgs(['--version'])).toEqual({ kind: 'print', text: '0.0.0-test\n' });
    const help = parseArgs(['--help']);
    expect(help.kind).toBe('print');
    if (help.kind === 'print') expect(help.text).toContain('doctor');
  });

  it('turns colour off for NO_COLOR and --no-color', () => {
    expect(parseArgs(['doctor'], { NO_COLOR: '1' })).toMatchObject({ options: { color: false } });
    expect(parseArgs(['doctor', '--no-color'])).toMatchObject({ options: { color: false } });
    expect(parseArgs(['doctor'])).toMatchObject({ options: { color: true } });
  });
});

describe('usage errors with hostile values', () => {
  it.each([
    [['--registry', 'x\u001b[2J\u202ey'], /argument 'x\\u\{1b\}\[2J\\u\{202e\}y' is invalid/],
    [['--max-inflight', 'x\ny'], /--max-inflight must be a whole number, got "x\\ny"\./],
    [['--replicas', 'a'.repeat(100_000)], /--replicas must be a whole number, got "a{20,}…" \(100000 characters\)\./],
    [['--registry', 'b'.repeat(100_000)], /b{100}… \(\d{6} characters\)/],
  ])('%j: escaped and cut short, never raw', (argv, message) => {
    const p = parseArgs(argv);
    expect(p.kind).toBe('usage-error');
    if (p.kind !== 'usage-error') return;
    expect(p.message).toMatch(message);
    expect(p.message).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u202e]/);
    expect(p.message.length).toBeLessThan(700);
  });
});

describe('a named subcommand is built alone', () => {
  // parseArgs builds only the subcommand argv names first; every answer must be the one the whole
  // program gives (help text, errors, suggestions, options and their defaults).
  it.each([
    ['install'],
    ['install', '--help'],
    ['install', '--registry', 'ecr', '--aws-account-id', '123456789012', '-y'],
    ['install', '--registyr', 'ecr'],
    ['install', 'extra'],
    ['install', '--max-inflight', 'x'],
    ['install', '--write-manifests', 'd'],
    ['doctor'],
    ['doctor', '-h'],
    ['doctor', '--output', 'json', '--build', '--bundle'],
    ['doctor', '--output', 'yaml'],
    ['doctor', '--bulid'],
    ['uninstall', '--keep', 'secret/a', 'secret/b', '--remove-files'],
    ['uninstall', '--help'],
    ['rotate'],
    ['rotate', 'certs', '--timeout', '1m'],
    ['rotate', 'keys'],
    ['rotate', '--help'],
    ['test-build'],
    ['test-build', '--help'],
    ['test-build', '--builder-url', 'http://127.0.0.1:8081', '--image', 'r/a:1', '--output', 'plain', '--no-color'],
    ['test-build', '--imgae', 'r/a:1'],
    ['test-build', '--output', 'yaml'],
    ['test-build', 'extra'],
    ['test-build', '--context', ''],
    ['test-build', 'doctor'],
    ['test-build', '--version'],
    ['test-build', 'help'],
  ])('%j', (...argv) => {
    const lone = parseArgs(argv, { NO_COLOR: '' });
    expect(lone).toEqual(parseArgs(argv, { NO_COLOR: '' }, { everySubcommand: true }));
    if (argv.includes('--help') || argv.includes('-h')) {
      expect(lone).toMatchObject({ kind: 'print', text: expect.stringContaining(`Usage: probuilder-setup ${argv[0]} `) as unknown });
    }
  });

  it('keeps the whole program for the top-level help and an unknown command', () => {
    const help = parseArgs(['--help']);
    if (help.kind !== 'print') throw new Error(help.kind);
    for (const sub of ['install', 'doctor', 'uninstall', 'rotate', 'test-build']) expect(help.text).toContain(sub);
    expect(parseArgs(['help', 'test-build'])).toEqual(parseArgs(['test-build', '--help']));
    expect(parseArgs(['tset-build'])).toMatchObject({
      kind: 'usage-error',
      message: expect.stringContaining('unknown command') as unknown,
    });
  });
});
