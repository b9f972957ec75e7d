import * as nodeFs from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { expandHome, validateReadableFile, type FileProbe } from '../../platform/validate/readableFile.js';
import { analyzeDockerConfig, type DockerConfigAnalysis, type DockerConfigExpectations } from './analyzeDockerConfig.js';

/** Who most likely wrote the file, from where it sits; both tools write the same format. */
export type DockerConfigSource = 'docker' | 'faas-cli' | 'other';

export interface DockerConfigFileAnalysis extends DockerConfigAnalysis {
  /** The file actually read (a folder given as path resolves to its config.json). */
  path: string;
  source: DockerConfigSource;
}

export interface ConfigFileSystem extends FileProbe {
  readFile(path: string, encoding: 'utf8'): Promise<string>;
}

export function dockerConfigSource(path: string): DockerConfigSource {
  const folder = basename(dirname(path));
  if (folder === '.docker') return 'docker';
  // faas-cli registry-login writes credentials/config.json in the working folder.
  if (folder === 'credentials' || folder === '.credentials') return 'faas-cli';
  return 'other';
}

/**
 * Reads and analyses ~/.docker/config.json, faas-cli's credentials/config.json, or any file in
 * that format. A folder is taken to mean the config.json inside it. Never throws: an unreadable
 * file comes back as a problem with code "unreadable".
 */
export async function readDockerConfigFile(
  path: string,
  expect: DockerConfigExpectations = {},
  fs: ConfigFileSystem = nodeFs,
  homeDir?: string,
): Promise<DockerConfigFileAnalysis> {
  let target = expandHome(typeof path === 'string' ? path.trim() : '', homeDir);
  try {
    if ((await fs.stat(target)).isDirectory()) target = join(target, 'config.json');
  } catch {
    // validateReadableFile below explains what is wrong with the path.
  }
  const file = await validateReadableFile(target, fs, { what: 'the registry config' });
  const source = dockerConfigSource(target);
  if (!file.ok) {
    return {
      ok: false,
      path: target,
      source,
      hosts: [],
      credHelpers: {},
      problems: [
        {
          severity: 'fail',
          code: 'unreadable',
          message: file.message,
          hint: 'Give the path to the config.json written by docker login or faas-cli registry-login.',
        },
      ],
    };
  }
  let text: string;
  try {
    text = await fs.readFile(file.value.path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException | undefined)?.code ?? 'unknown error';
    return {
      ok: false,
      path: file.value.path,
      source,
      hosts: [],
      credHelpers: {},
      problems: [
        {
          severity: 'fail',
          code: 'unreadable',
          message: `The registry config could not be read (${code}).`,
          hint: 'Check the file and its permissions.',
        },
      ],
    };
  }
  return { ...analyzeDockerConfig(text, expect), path: file.value.path, source };
}
