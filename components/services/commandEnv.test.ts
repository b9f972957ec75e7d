import { describe, expect, it } from 'vitest';
import { sigintSubscription } from './commandEnv.js';

describe('sigintSubscription', () => {
  it('treats SIGTERM like Ctrl+C (SIGINT), and unsubscribes from both', () => {
    const got: string[] = [];
    const off = sigintSubscription(() => got.push('stop'));
    process.emit('SIGTERM', 'SIGTERM');
    process.emit('SIGINT', 'SIGINT');
    expect(got).toEqual(['stop', 'stop']);
    off();
    expect(process.listeners('SIGTERM').length + process.listeners('SIGINT').length).toBe(0);
  });
});
