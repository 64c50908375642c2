import { createHash } from 'node:crypto';

/**
 * Raw SQL built from fragments that several modules write, with no placeholder numbered by hand.
 * A value interpolated into `sql` is bound as a parameter; a fragment interpolated into another nests;
 * the `$n` placeholders are numbered once, when `statement()` turns the whole into text and values.
 */

/** A value bound once: used twice in a statement, it is one placeholder (`$n`) both times. */
export class Param<T = unknown> {
  constructor(readonly value: T) {}
}

/** A piece of SQL with its parameters in place. */
export class Sql {
  /** @internal Text, parameters and nested fragments, in order. */
  constructor(readonly parts: readonly (string | Param | Sql)[]) {}
}

/** The text and values the driver takes (`manager.query(text, values)`). */
export interface SqlStatement {
  text: string;
  values: unknown[];
  /** Set by prepared(): the name under which each connection parses and plans it once. */
  name?: string;
}

/** A fragment: `sql\`a.slug = ${slug}\`` binds `slug`; a `Sql` or a `Param` goes in as it is. */
export function sql(strings: TemplateStringsArray, ...values: unknown[]): Sql {
  const parts: (string | Param | Sql)[] = [strings[0]];
  values.forEach((value, i) => {
    parts.push(
      value instanceof Sql || value instanceof Param ? value : new Param(value),
      strings[i + 1],
    );
  });
  return new Sql(parts);
}

/** A value to bind once and use in several places of a statement. */
export function param<T>(value: T): Param<T> {
  return new Param(value);
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/** A table alias or column name written by the code (lower case, unquoted); anything else throws. */
export function identifier(name: string): Sql {
  if (!IDENTIFIER.test(name)) throw new Error(`not an SQL identifier: ${JSON.stringify(name)}`);
  return new Sql([name]);
}

/** Fragments joined by a separator: conditions by AND or OR, columns by commas. */
export function joinSql(fragments: readonly Sql[], separator: ', ' | ' AND ' | ' OR '): Sql {
  const parts: (string | Sql)[] = [];
  fragments.forEach((fragment, i) => parts.push(...(i === 0 ? [] : [separator]), fragment));
  return new Sql(parts);
}

/** Statement texts already named; past this many distinct ones a text goes unnamed (unprepared). */
const MAX_PREPARED = 200;
const preparedNames = new Map<string, string>();

/**
 * A name for `text`, the same for the same text in every process (a hash of it), so one name never
 * stands for two texts on a connection; undefined once MAX_PREPARED texts have names.
 */
function preparedName(text: string): string | undefined {
  let name = preparedNames.get(text);
  if (name === undefined && preparedNames.size < MAX_PREPARED) {
    name = `folio_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
    preparedNames.set(text, name);
  }
  return name;
}

/**
 * Like statement(), for a statement run very often with few variants of its text (one article, its
 * comments, the tags, the token check): each pooled connection parses it once and PostgreSQL may keep
 * its plan, where an unnamed statement is parsed and planned on every run. That planning was most of
 * PostgreSQL's CPU on a one-article read (~360 of ~460 µs). Not for statements whose best plan depends
 * on their values (lists, search): a kept generic plan would serve every value alike.
 */
export function prepared(fragment: Sql | string): SqlStatement {
  const built = typeof fragment === 'string' ? { text: fragment, values: [] } : statement(fragment);
  const name = preparedName(built.text);
  return name === undefined ? built : { ...built, name };
}

/** The statement's text, each distinct parameter numbered in order of first appearance. */
export function statement(fragment: Sql): SqlStatement {
  const numbers = new Map<Param, number>();
  const values: unknown[] = [];
  const write = (part: string | Param | Sql): string => {
    if (typeof part === 'string') return part;
    if (part instanceof Sql) return part.parts.map(write).join('');
    let n = numbers.get(part);
    if (n === undefined) {
      n = values.push(part.value);
      numbers.set(part, n);
    }
    return `$${n}`;
  };
  return { text: write(fragment), values };
}
