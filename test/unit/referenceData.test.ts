import { afterEach, describe, expect, it, vi } from 'vitest';

describe('reference data location', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  it('fails the run instead of skipping when CI is set and the data is absent', async () => {
    vi.stubEnv('CI', 'true');
    vi.stubEnv('PBS_REFERENCE_DIR', '/nonexistent/pbs-reference');
    vi.resetModules();
    await expect(import('../support/referenceData.js')).rejects.toThrow(
      'CI is set and the reference data is not at /nonexistent/pbs-reference',
    );
  });

  it('only reports the data missing outside CI', async () => {
    vi.stubEnv('CI', '');
    vi.stubEnv('PBS_REFERENCE_DIR', '/nonexistent/pbs-reference');
    vi.resetModules();
    const m = await import('../support/referenceData.js');
    expect(m.referencePresent).toBe(false);
    expect(m.referenceChartDir('0.6.10')).toBe('/nonexistent/pbs-reference/charts/pro-builder-0.6.10');
  });
});
