import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { StatusLine } from './StatusLine.js';

describe('StatusLine', () => {
  it('draws ✓, × and – with the detail after a dash', () => {
    expect(render(<StatusLine status="done" text="Create secret x" />).lastFrame()).toBe('✓ Create secret x');
    expect(render(<StatusLine status="failed" text="helm upgrade" detail="exit 1" />).lastFrame()).toBe('× helm upgrade — exit 1');
    expect(render(<StatusLine status="skipped" text="Secret y" detail="kept" />).lastFrame()).toBe('– Secret y — kept');
  });
});
