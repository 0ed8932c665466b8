import { describe, expect, it } from 'vitest';
import { defaultCaseId } from '../../console/src/desk-defaults.js';

describe('the case the screening desk chooses first', () => {
  it('is the one open case of a repeat caller, what staff chose, or none when it cannot tell', () => {
    const open = { id: 'c1', status: 'OPEN' };
    const concluded = { id: 'c0', status: 'CONCLUDED' };
    expect(defaultCaseId([concluded, open])).toBe('c1');
    expect(defaultCaseId([open, { id: 'c2', status: 'OPEN' }])).toBeUndefined();
    expect(defaultCaseId([concluded])).toBeUndefined();
    expect(defaultCaseId([open], 'c0')).toBe('c0');
  });
});
