import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { KeyHints } from './KeyHints.js';
import { KeyValueList } from './KeyValueList.js';
import { StepHeader } from './StepHeader.js';

describe('StepHeader, KeyHints, KeyValueList', () => {
  it('StepHeader says which step of how many', () => {
    expect(render(<StepHeader number={3} total={8} title="Registry" subtitle="Where images go" />).lastFrame()).toBe(
      'Step 3 of 8 · Registry\nWhere images go\n',
    );
  });

  it('StepHeader leaves out a total it does not know yet', () => {
    expect(render(<StepHeader number={1} title="Cluster" />).lastFrame()).toBe('Step 1 · Cluster\n');
  });

  it('KeyHints joins the keys', () => {
    expect(
      render(
        <KeyHints
          hints={[
            ['Enter', 'choose'],
            ['Esc', 'back'],
          ]}
        />,
      ).lastFrame(),
    ).toBe('\nEnter choose · Esc back');
  });

  it('KeyValueList aligns the values', () => {
    expect(
      render(
        <KeyValueList
          rows={[
            ['Context', 'kind'],
            ['Server', 'https://x'],
          ]}
        />,
      ).lastFrame(),
    ).toBe('Context  kind\nServer   https://x');
  });
});
