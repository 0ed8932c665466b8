import { afterEach, describe, expect, it, vi } from 'vitest';

/**
 * The first Intl formatter of a process loads ICU's locale and time-zone data
 * (15-20 ms of a Lambda function's cold start), so the modules every function
 * imports make their formatters at first use, never at import.
 */
describe('no date formatter made at import', () => {
  const real = Intl.DateTimeFormat;
  afterEach(() => {
    Intl.DateTimeFormat = real;
    vi.resetModules();
  });

  it('lib/domain/words.ts, letter.ts and calendar.ts make none until a date is worded', async () => {
    let made = 0;
    Intl.DateTimeFormat = new Proxy(real, {
      construct(target, args: ConstructorParameters<typeof Intl.DateTimeFormat>) {
        made++;
        return new target(...args);
      },
    });
    vi.resetModules();
    const words = await import('../../lib/domain/words.js');
    await import('../../lib/domain/letter.js');
    await import('../../lib/domain/calendar.js');
    expect(made).toBe(0);

    expect(words.formatDate('2026-03-12')).toBe('12 March 2026');
    expect(made).toBeGreaterThan(0);
  });
});
