import { describe, expect, it } from 'vitest';
import { SEARCH_ATTRIBUTE_DEFINITIONS } from '../../workflows/search-attributes';

/**
 * SQL visibility (the dev server's SQLite, PostgreSQL in docker-compose and `npm run cluster`)
 * offers a fixed number of custom search attribute slots per type; one more and the server refuses
 * to start or to register it (seen: a fourth Int stopped the dev server).
 */
const SLOTS: Record<string, number> = { Keyword: 10, Int: 3, Double: 3, Bool: 3, Datetime: 3, Text: 3, KeywordList: 3 };

describe('custom search attributes', () => {
  it('fit the SQL visibility slots of each type', () => {
    const perType = new Map<string, number>();
    for (const d of SEARCH_ATTRIBUTE_DEFINITIONS) perType.set(d.type, (perType.get(d.type) ?? 0) + 1);
    for (const [type, n] of perType) expect(n, `${type} attributes`).toBeLessThanOrEqual(SLOTS[type]);
  });
});
