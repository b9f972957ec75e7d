import { describe, expect, it } from 'vitest';
import { chartChange } from './chartChange.js';
import { chartTraits } from './traits.js';

describe('chartChange', () => {
  it('explains an upgrade from the mTLS generation to the socket one', () => {
    const c = chartChange('0.4.19', chartTraits('0.6.10'));
    expect(c?.from).toBe('0.4.19');
    expect(c?.to).toBe('0.6.10');
    expect(c?.notes.join('\n')).toContain('buildkit-daemon-certs and buildkit-client-certs are no longer mounted');
    expect(c?.notes.join('\n')).toContain('buildkitRootless.image');
  });

  it('says a downgrade needs the certificates again', () => {
    expect(chartChange('0.6.10', chartTraits('0.5.1'))?.notes.join('\n')).toContain('needed again');
  });

  it('has nothing to explain within a generation, and nothing without a known installed version', () => {
    expect(chartChange('0.6.8', chartTraits('0.6.10'))?.notes).toEqual([]);
    expect(chartChange('0.6.10', chartTraits('0.6.10'))).toBeUndefined();
    expect(chartChange(undefined, chartTraits('0.6.10'))).toBeUndefined();
    expect(chartChange('garbage', chartTraits('0.6.10'))).toBeUndefined();
  });
});
