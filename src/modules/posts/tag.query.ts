import { Param, Sql, sql } from '../../../libs/database/sql';

/*
 * A tag is one whatever its case (unique on its key, migrations TagsOneInAnyCase and
 * TagsOneWithFinalSigma): every statement finds tags by name through these, on the alias `t`, so the
 * unique index on the key serves them all. The key is the name in lower case with the final sigma
 * written as σ: `lower()` alone makes `ΣΊΣΥΦΟΣ` into `σίσυφοσ`, never `σίσυφος`. `tagKey` in
 * tag-names.ts is the same key in JavaScript.
 */
const key = (name: Sql): Sql => sql`lower(translate(${name}, 'ς', 'σ'))`;

/** The tag named `name`, in any case. */
export const tagNamed = (name: string | Param<string>): Sql =>
  sql`${key(sql`t.name`)} = ${key(sql`${name}::varchar`)}`;

/** The tags named in `names`, in any case. */
export const tagsNamed = (names: readonly string[] | Param<readonly string[]>): Sql =>
  sql`${key(sql`t.name`)} IN (SELECT ${key(sql`n`)} FROM unnest(${names}::varchar[]) n)`;

/** Links the existing tags of `names` (in any case) to the article, but for those it has. */
export const linkTagsSql = (articleId: number, names: readonly string[]): Sql =>
  sql`INSERT INTO article_tags (article_id, tag_id)
    SELECT ${articleId}, t.id FROM tags t WHERE ${tagsNamed(names)}
    ON CONFLICT (article_id, tag_id) DO NOTHING`;

/** Creates the tags of `names` that exist in no case; a concurrent insert of one makes this wait. */
export const insertTagsSql = (names: readonly string[] | Param<readonly string[]>): Sql =>
  sql`INSERT INTO tags (name) SELECT unnest(${names}::varchar[]) ON CONFLICT ((${key(sql`name`)})) DO NOTHING`;
