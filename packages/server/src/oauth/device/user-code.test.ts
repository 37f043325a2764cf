import { describe, expect, it } from 'vitest';
import { formatUserCode, newUserCode, normalizeUserCode } from './user-code.js';

describe('user codes (RFC 8628 §6.1)', () => {
  it('are 8 consonants with no look-alikes, shown as XXXX-XXXX', () => {
    const codes = Array.from({ length: 200 }, newUserCode);
    for (const code of codes) expect(code).toMatch(/^[BCDFGHJKLMNPQRSTVWXZ]{8}$/);
    expect(new Set(codes).size).toBeGreaterThan(195);
    expect(formatUserCode('BCDFGHJK')).toBe('BCDF-GHJK');
  });

  it('are read whatever the case and separators a person typed', () => {
    for (const typed of ['BCDF-GHJK', 'bcdf-ghjk', ' bcdf ghjk ', 'BcDfGhJk', 'bcdf_ghjk'])
      expect(normalizeUserCode(typed), typed).toBe('BCDFGHJK');
  });

  it('refuse what cannot be a code without looking it up', () => {
    for (const typed of ['', 'BCDF-GHJ', 'BCDF-GHJKL', 'ABCD-EFGH', 'BCDF-GHJ1', 'x'.repeat(100)])
      expect(normalizeUserCode(typed), typed).toBeUndefined();
  });
});
