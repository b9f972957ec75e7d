import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BUILDKIT_SECURITY_CONTEXT, GENERATION_TRAITS } from './generations.js';
import { MISSING_REASON, MTLS_CHART, SOCKET_CHART, type ReferenceChart } from './referenceCharts.testkit.js';
import type { ChartGeneration } from './version.js';

/** The YAML in template[from, to) with template directive lines dropped and the common indent removed. */
function plainYaml(template: string, from: number, to: number): unknown {
  expect(from).toBeGreaterThanOrEqual(0);
  expect(to).toBeGreaterThan(from);
  const lines = template
    .slice(from, to)
    .split('\n')
    .filter((l) => l.trim() && !l.includes('{{'));
  const indent = Math.min(...lines.map((l) => l.length - l.trimStart().length));
  return parse(lines.map((l) => l.slice(indent)).join('\n')) as unknown;
}

function getPath(value: unknown, path: readonly string[]): unknown {
  return path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), value);
}

const cases: [ReferenceChart, ChartGeneration][] = [
  [MTLS_CHART, 'mtls'],
  [SOCKET_CHART, 'socket'],
];

for (const [chart, generation] of cases) {
  const traits = GENERATION_TRAITS[generation];
  describe.skipIf(!chart.present)(
    `${generation} traits match the real ${chart.version} chart${chart.present ? '' : ` (skipped: ${MISSING_REASON})`}`,
    () => {
      it('talks to BuildKit over the transport it claims', () => {
        const url = /buildkit_url\s*\n\s*value:\s*"([a-z]+):\/\//.exec(chart.deployment())?.[1];
        expect(url).toBe(traits.buildkitTransport === 'tcp-mtls' ? 'tcp' : 'unix');
      });

      it('mounts the cert secrets it claims, and no others', () => {
        const template = chart.deployment();
        for (const name of ['buildkit-client-certs', 'buildkit-daemon-certs']) {
          expect(template.includes(`secretName: ${name}`)).toBe(traits.certSecrets.includes(name));
        }
      });

      it('runs BuildKit from the image key it claims for each mode, with a default for it', () => {
        const images = [...chart.deployment().matchAll(/image:\s*\{\{\s*\.Values\.(buildkit[\w.]*)\s*\}\}/g)].map((m) => m[1]);
        for (const path of Object.values(traits.buildkitImagePath)) {
          expect(images).toContain(path.join('.'));
          expect(typeof getPath(chart.values(), path)).toBe('string');
        }
      });

      it('shares the socket through the group it claims', () => {
        const template = chart.deployment();
        if (traits.buildkitSocketGroup === undefined) {
          expect(template).not.toContain('--group=');
          return;
        }
        expect(template).toContain(`"--group=${traits.buildkitSocketGroup}"`);
        const withStart = template.indexOf('{{- with .Values.proBuilder.securityContext }}');
        const fallbackStart = template.indexOf('{{- else }}', withStart);
        expect(withStart).toBeGreaterThan(0);
        expect(plainYaml(template, fallbackStart, template.indexOf('{{- end }}', fallbackStart))).toEqual({
          securityContext: { runAsGroup: traits.buildkitSocketGroup },
        });
      });

      it('supports build secrets only if the chart has the values for them', () => {
        expect(getPath(chart.values(), ['buildSecrets']) !== undefined).toBe(traits.supportsBuildSecrets);
      });

      if (traits.templateSuppliesSecurityContext) {
        it('gets the per-mode securityContext from the template, equal to the README contexts', () => {
          const template = chart.deployment();
          // with .Values.buildkit.securityContext … else, if rootless … else … end
          const withStart = template.indexOf('{{- with .Values.buildkit.securityContext }}');
          const fallbackStart = template.indexOf('{{- else }}', withStart);
          const rootlessStart = template.indexOf('{{- if .Values.buildkit.rootless }}', fallbackStart);
          const rootStart = template.indexOf('{{- else }}', rootlessStart);
          const rootEnd = template.indexOf('{{- end }}', rootStart);
          expect(withStart).toBeGreaterThan(0);
          expect(template.slice(fallbackStart, rootlessStart).trim()).toBe('{{- else }}');
          expect(plainYaml(template, rootlessStart, rootStart)).toEqual({ securityContext: BUILDKIT_SECURITY_CONTEXT.rootless });
          expect(plainYaml(template, rootStart, rootEnd)).toEqual({ securityContext: BUILDKIT_SECURITY_CONTEXT.root });
          expect(getPath(chart.values(), ['buildkit', 'securityContext'])).toBeUndefined();
        });
      } else {
        it('defaults to the rootless securityContext in values, equal to the README rootless context', () => {
          expect(chart.deployment()).not.toMatch(/with \.Values\.buildkit\.securityContext \}\}[\s\S]{0,120}\{\{- else \}\}/);
          expect(getPath(chart.values(), ['buildkit', 'securityContext'])).toEqual(BUILDKIT_SECURITY_CONTEXT.rootless);
          expect(getPath(chart.values(), ['buildkit', 'rootless'])).toBe(true);
        });
      }
    },
  );
}
