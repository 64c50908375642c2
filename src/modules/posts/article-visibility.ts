import { identifier, joinSql, Param, Sql, sql } from '../../../libs/database/sql';
import { hasRole, Role } from '../accounts/staff-roles.types';
import { ArticleStatus } from './article.entity';

/** Who reads: a signed-in user, or undefined for an anonymous reader. */
export interface Reader {
  id: number;
  role: Role;
}

/** What the rule looks at in an article, by its property and its column. */
const FIELDS = {
  status: 'status',
  authorId: 'author_id',
} as const;

type Clause =
  | { field: 'status'; equals: ArticleStatus }
  | { field: 'authorId'; equals: 'readerId' }
  | { readerRole: 'editor' };

/**
 * Who may see an article, written once: anyone a published one; a draft (or a scheduled one) its
 * author, editors and administrators. To anyone else a draft does not exist. `canSee` (in memory) and
 * `visibleWhere` (SQL) both read it.
 */
const VISIBLE_WHEN: readonly Clause[] = [
  { field: 'status', equals: 'published' },
  { field: 'authorId', equals: 'readerId' },
  { readerRole: 'editor' },
];

type Article = { status: string; authorId: number };

function holds(clause: Clause, article: Article, reader: Reader | undefined): boolean {
  if ('readerRole' in clause)
    return reader !== undefined && hasRole(reader.role, clause.readerRole);
  const expected = clause.equals === 'readerId' ? reader?.id : clause.equals;
  return expected !== undefined && article[clause.field] === expected;
}

export function canSee(article: Article, reader: Reader | undefined): boolean {
  return VISIBLE_WHEN.some((clause) => holds(clause, article, reader));
}

/** A clause as SQL over the article row `alias`, or its truth when the reader or `known` decides it. */
function clauseSql(
  clause: Clause,
  alias: Sql,
  reader: Reader | undefined,
  readerId: Param<number | null>,
  known: Partial<Article>,
): Sql | boolean {
  if ('readerRole' in clause)
    return reader !== undefined && hasRole(reader.role, clause.readerRole);
  const knownValue = known[clause.field];
  if (clause.equals === 'readerId') {
    if (reader === undefined) return false;
    if (knownValue !== undefined) return knownValue === reader.id;
    return sql`${alias}.${identifier(FIELDS[clause.field])} = ${readerId}`;
  }
  if (knownValue !== undefined) return knownValue === clause.equals;
  return sql`${alias}.${identifier(FIELDS[clause.field])} = ${clause.equals}`;
}

/**
 * The rule as an SQL condition on the articles row `alias` for `reader` (whose id `readerId` binds),
 * with what the reader decides already decided: null when every row passes (an editor, or a list
 * of published articles: `known` says what the statement fixes already), `false` when none can.
 */
export function visibleWhere(
  alias: string,
  reader: Reader | undefined,
  readerId: Param<number | null>,
  known: Partial<Article> = {},
): Sql | null {
  const clauses = VISIBLE_WHEN.map((clause) =>
    clauseSql(clause, identifier(alias), reader, readerId, known),
  );
  if (clauses.includes(true)) return null;
  const open = clauses.filter((clause): clause is Sql => clause !== false);
  if (open.length === 0) return sql`false`;
  return open.length === 1 ? open[0] : sql`(${joinSql(open, ' OR ')})`;
}
