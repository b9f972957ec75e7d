import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';

/**
 * The README's least-privilege section says what each RBAC rule is for: every rule of
 * scripts/rbac/install.yaml and doctor.yaml has a row there naming its resources, its verbs and (when
 * the rule is limited to names) those names, with a reason. A rule added without a row fails here.
 */
const root = resolve(import.meta.dirname, '../..');

interface Rule {
  apiGroups?: string[];
  resources: string[];
  verbs: string[];
  resourceNames?: string[];
}

function rules(file: 'install' | 'doctor'): Rule[] {
  const docs = parseAllDocuments(readFileSync(resolve(root, `scripts/rbac/${file}.yaml`), 'utf8')).map(
    (d) => d.toJS() as { kind?: string; rules?: Rule[] },
  );
  return docs.filter((d) => d?.kind === 'Role' || d?.kind === 'ClusterRole').flatMap((d) => d.rules ?? []);
}

function readmeRows(): { file: string; rule: string; why: string }[] {
  const readme = readFileSync(resolve(root, 'README.md'), 'utf8');
  const start = readme.indexOf('\n## Least privilege');
  expect(start, 'README has a "Least privilege" section').toBeGreaterThan(0);
  const section = readme.slice(start + 1, readme.indexOf('\n## ', start + 1));
  return section
    .split('\n')
    .filter((l) => /^\|\s*(install|doctor)\s*\|/.test(l))
    .map((l) => {
      const [file, rule, why] = l
        .split('|')
        .slice(1, 4)
        .map((c) => c.trim());
      return { file: file!, rule: rule!, why: why! };
    });
}

const word = (w: string) => new RegExp(`(^|[^\\w/])${w.replace(/[/.]/g, '\\$&')}($|[^\\w/])`);

describe("README's least-privilege section", () => {
  const rows = readmeRows();
  for (const file of ['install', 'doctor'] as const) {
    it(`has a row with a reason for every rule in scripts/rbac/${file}.yaml`, () => {
      const list = rules(file);
      expect(list.length).toBeGreaterThan(0);
      for (const r of list) {
        const described = rows.filter(
          (row) =>
            row.file === file &&
            r.resources.every((res) => word(res).test(row.rule)) &&
            r.verbs.every((v) => word(v).test(row.rule)) &&
            (r.resourceNames ?? []).every((n) => row.rule.includes(`\`${n}\` only`)),
        );
        expect(described, `no README row for ${file}: ${r.resources.join(', ')}: ${r.verbs.join(', ')}`).not.toEqual([]);
        expect(described[0]!.why.length, `the row for ${r.resources.join(', ')} says why`).toBeGreaterThan(10);
      }
    });
  }
});
