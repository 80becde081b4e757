import type { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { SEARCH_ATTRIBUTE_DEFINITIONS } from '../workflows/search-attributes';

const types = temporal.api.enums.v1.IndexedValueType;
const BY_NAME: Record<string, number> = {
  Keyword: types.INDEXED_VALUE_TYPE_KEYWORD,
  Text: types.INDEXED_VALUE_TYPE_TEXT,
  Int: types.INDEXED_VALUE_TYPE_INT,
  Double: types.INDEXED_VALUE_TYPE_DOUBLE,
  Bool: types.INDEXED_VALUE_TYPE_BOOL,
  Datetime: types.INDEXED_VALUE_TYPE_DATETIME,
  KeywordList: types.INDEXED_VALUE_TYPE_KEYWORD_LIST,
};

/**
 * Registers the project's custom search attributes that the namespace lacks. The dev server's
 * own --search-attribute flag is ignored on an existing database, so this runs at every start.
 * Returns the names it added.
 */
export async function ensureSearchAttributes(connection: Pick<Connection, 'operatorService'>, namespace: string): Promise<string[]> {
  let known = new Set<string>();
  try {
    const existing = await connection.operatorService.listSearchAttributes({ namespace });
    known = new Set(Object.keys(existing.customAttributes ?? {}));
  } catch (err) {
    // The Java time-skipping test server has no ListSearchAttributes; it always starts empty.
    if ((err as { code?: number }).code !== 12) throw err;
  }
  const missing = SEARCH_ATTRIBUTE_DEFINITIONS.filter((d) => !known.has(d.name));
  if (missing.length === 0) return [];
  await connection.operatorService.addSearchAttributes({
    namespace,
    searchAttributes: Object.fromEntries(missing.map((d) => [d.name, BY_NAME[d.type]])),
  });
  return missing.map((d) => d.name);
}
