import { isDeepStrictEqual } from 'node:util';
import { isAlias, isMap, isNode, isScalar, isSeq, parseDocument, YAMLMap, type Document } from 'yaml';
import { ValuesError } from './errors.js';
import { keepOriginalLines, layoutOptions } from './layout.js';
import type { ValuePath, ValueSetting } from './settings.js';

export interface ValueChange {
  /** Dotted path, e.g. buildkit.securityContext.privileged. */
  path: string;
  before?: unknown;
  after?: unknown;
  kind: 'add' | 'change' | 'remove';
}

export interface ApplyResult {
  text: string;
  /** Only real changes: applying the same settings again gives none. */
  changes: ValueChange[];
}

export interface ApplyOptions {
  /** How errors name the file, e.g. its path. */
  label?: string;
}

export const NEW_FILE_HEADER = [
  ' Helm values for the OpenFaaS Pro Function Builder (chart: pro-builder).',
  ' Written by probuilder-setup. Run `probuilder-setup install` again to change these answers;',
  ' keys and comments you add here are kept.',
].join('\n');

type ValuesDocument = Document.Parsed | Document;

const dotted = (path: readonly string[]) => path.join('.');

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;
}

/** The first line of yaml's message, without its code frame (which could quote a secret). */
function reasonOf(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

function parseExisting(text: string, label: string): Document.Parsed {
  const doc = parseDocument(text, { prettyErrors: true });
  const error = doc.errors[0];
  if (error) {
    const pos = error.linePos?.[0];
    const where = pos ? ` at line ${pos.line}, column ${pos.col}` : '';
    throw new ValuesError(
      `${label} is not valid YAML${where}: ${reasonOf(error.message)}.`,
      'Fix it (or move it aside) and run again; it was left unchanged.',
      { cause: error },
    );
  }
  if (doc.contents !== null && !isMap(doc.contents) && !(isScalar(doc.contents) && doc.contents.value === null)) {
    throw new ValuesError(`${label} is not a map of helm values.`, 'Fix it (or move it aside) and run again; it was left unchanged.');
  }
  return doc;
}

function toJS(doc: ValuesDocument, node: unknown): unknown {
  return isNode(node) ? node.toJS(doc) : node;
}

function describeNode(node: unknown): string {
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) return typeof node.value === 'string' ? 'a string' : `the value ${String(node.value)}`;
  return 'not a map';
}

/** Makes every ancestor of `path` a map (an empty `key:` becomes one) so setIn can descend. */
function ensureParents(doc: ValuesDocument, path: ValuePath, label: string): void {
  for (let i = 1; i < path.length; i++) {
    const prefix = path.slice(0, i);
    const node = doc.getIn(prefix, true);
    if (node === undefined) return; // setIn creates the rest
    if (isMap(node)) continue;
    if (isScalar(node) && node.value === null) {
      doc.setIn(prefix, new YAMLMap());
      continue;
    }
    if (isAlias(node)) {
      throw new ValuesError(
        `${label} sets ${dotted(prefix)} through a YAML alias, which cannot be edited safely.`,
        'Write the values out in place of the alias and run again; the file was left unchanged.',
      );
    }
    throw new ValuesError(
      `${label} has ${dotted(prefix)} as ${describeNode(node)}, but ${dotted(path)} needs it to be a map.`,
      'Fix or remove that key and run again; the file was left unchanged.',
    );
  }
}

function remove(doc: ValuesDocument, path: ValuePath, changes: ValueChange[], onlyIfMatches?: RegExp, prune = true): void {
  const node = doc.getIn(path, true);
  if (node === undefined) return;
  const before = toJS(doc, node);
  if (onlyIfMatches && !(typeof before === 'string' && onlyIfMatches.test(before))) return;
  doc.deleteIn(path);
  changes.push({ path: dotted(path), before, kind: 'remove' });
  if (!prune) return;
  // Drop maps this removal emptied, so no bare `buildkit: {}` is left behind.
  for (let i = path.length - 1; i > 0; i--) {
    const parent = doc.getIn(path.slice(0, i), true);
    if (!isMap(parent) || parent.items.length > 0) break;
    doc.deleteIn(path.slice(0, i));
  }
}

function set(doc: ValuesDocument, path: ValuePath, value: unknown, changes: ValueChange[], label: string): void {
  const node = doc.getIn(path, true);
  if (isPlainObject(value) && isMap(node)) {
    // Edit key by key so the comments on keys that stay are kept, and remove keys the value lacks.
    for (const [key, v] of Object.entries(value)) set(doc, [...path, key], v, changes, label);
    const stale = node.items
      .map((pair) => String(isScalar(pair.key) ? pair.key.value : pair.key))
      .filter((key) => !Object.hasOwn(value, key));
    for (const key of stale) remove(doc, [...path, key], changes, undefined, false);
    return;
  }
  const exists = node !== undefined;
  const before = exists ? toJS(doc, node) : undefined;
  if (exists && isDeepStrictEqual(before, value)) return;
  ensureParents(doc, path, label);
  doc.setIn(path, isPlainObject(value) || Array.isArray(value) ? doc.createNode(value) : value);
  changes.push(exists ? { path: dotted(path), before, after: value, kind: 'change' } : { path: dotted(path), after: value, kind: 'add' });
}

/**
 * Applies settings to the text of a values file (undefined when there is none yet), keeping the
 * user's comments, key order, unrelated keys and formatting wherever nothing changed.
 */
export function applyValues(existingText: string | undefined, settings: readonly ValueSetting[], opts: ApplyOptions = {}): ApplyResult {
  const label = opts.label ?? 'The values file';
  const isNew = existingText === undefined || existingText.trim() === '';
  const doc = isNew ? parseDocument('') : parseExisting(existingText, label);
  const render = layoutOptions(isNew ? undefined : existingText);
  const pristine = isNew ? '' : doc.toString(render);
  const changes: ValueChange[] = [];
  for (const s of settings) {
    if ('delete' in s) remove(doc, s.path, changes, s.onlyIfMatches);
    else set(doc, s.path, s.value, changes, label);
  }
  if (isNew) {
    doc.commentBefore = NEW_FILE_HEADER;
    return { text: doc.toString(render), changes };
  }
  if (changes.length === 0) return { text: existingText, changes };
  return { text: keepOriginalLines(existingText, pristine, doc.toString(render)), changes };
}
