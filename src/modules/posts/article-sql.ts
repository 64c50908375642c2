/**
 * SQL that other modules embed to reach an article in their own statements (comments: the article and
 * its comments in one statement). The posts module keeps the knowledge of its tables and of who may see
 * an article here, the same rule as `canSee`.
 */
export interface ArticleSql {
  /**
   * A FROM item `alias` with the id of the article `slug` names, one row when `reader` (an id, or NULL)
   * may see it and none otherwise: drafts are their author's and superusers' (`superuser`, a boolean).
   */
  visible(alias: string, slug: string, reader: string, superuser: string): string;
}

export const ARTICLE_SQL: ArticleSql = {
  visible: (alias, slug, reader, superuser) =>
    `(SELECT va.id FROM articles va WHERE va.slug = ${slug}
      AND (va.status = 'published' OR va.author_id = ${reader} OR ${superuser}::boolean)) ${alias}`,
};
