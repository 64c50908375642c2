import { createHash } from 'node:crypto';
import { DefaultNamingStrategy, NamingStrategyInterface, Table } from 'typeorm';

const MAX_IDENTIFIER = 63;

function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 8);
}

/** PostgreSQL cuts identifiers at 63 bytes; cut them ourselves, keeping them unique, so names never drift. */
function identifier(name: string): string {
  return name.length <= MAX_IDENTIFIER
    ? name
    : `${name.slice(0, MAX_IDENTIFIER - 9)}_${shortHash(name)}`;
}

/** `accessToken` → `access_token`, `HTTPRequest` → `http_request`. */
export function snakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/[\s-]+/g, '_')
    .toLowerCase();
}

const IRREGULAR: Record<string, string> = {
  person: 'people',
  child: 'children',
  man: 'men',
  woman: 'women',
  leaf: 'leaves',
  thief: 'thieves',
  index: 'indexes',
  series: 'series',
  news: 'news',
  media: 'media',
};

/** English plural of the last word of a snake_case name: `category` → `categories`, `access_token` → `access_tokens`. */
export function pluralize(name: string): string {
  const cut = name.lastIndexOf('_') + 1;
  const head = name.slice(0, cut);
  const word = name.slice(cut);
  if (IRREGULAR[word]) return head + IRREGULAR[word];
  if (/[^aeiou]y$/.test(word)) return head + word.slice(0, -1) + 'ies';
  if (/lf$/.test(word)) return head + word.slice(0, -1) + 'ves';
  if (/[^f]fe$/.test(word)) return head + word.slice(0, -2) + 'ves';
  if (/(s|x|z|ch|sh)$/.test(word)) return head + word + 'es';
  return head + word + 's';
}

/** Tables are snake_case plurals of the entity class, columns snake_case of the property. */
export class FolioNamingStrategy extends DefaultNamingStrategy implements NamingStrategyInterface {
  override tableName(targetName: string, userSpecifiedName: string | undefined): string {
    return userSpecifiedName ?? pluralize(snakeCase(targetName));
  }

  override columnName(
    propertyName: string,
    customName: string | undefined,
    embeddedPrefixes: string[],
  ): string {
    return snakeCase([...embeddedPrefixes, customName ?? propertyName].join('_'));
  }

  override relationName(propertyName: string): string {
    return snakeCase(propertyName);
  }

  override joinColumnName(relationName: string, referencedColumnName: string): string {
    return snakeCase(`${relationName}_${referencedColumnName}`);
  }

  override joinTableName(firstTableName: string, secondTableName: string): string {
    return `${firstTableName}_${secondTableName}`;
  }

  override joinTableColumnName(
    tableName: string,
    propertyName: string,
    columnName?: string,
  ): string {
    return snakeCase(`${tableName}_${columnName ?? propertyName}`);
  }

  override primaryKeyName(tableOrName: Table | string): string {
    return identifier(`pk_${this.plainTableName(tableOrName)}`);
  }

  override uniqueConstraintName(tableOrName: Table | string, columnNames: string[]): string {
    return identifier(`uq_${this.plainTableName(tableOrName)}_${columnNames.join('_')}`);
  }

  override foreignKeyName(tableOrName: Table | string, columnNames: string[]): string {
    return identifier(`fk_${this.plainTableName(tableOrName)}_${columnNames.join('_')}`);
  }

  override indexName(tableOrName: Table | string, columnNames: string[], where?: string): string {
    const base = `ix_${this.plainTableName(tableOrName)}_${columnNames.join('_')}`;
    return identifier(where ? `${base}_${shortHash(where)}` : base);
  }

  private plainTableName(tableOrName: Table | string): string {
    const name = typeof tableOrName === 'string' ? tableOrName : tableOrName.name;
    return name.split('.').pop() as string;
  }
}
