import type { FastifySchema } from 'fastify';

/**
 * Response schemas of the floor's hot reads: Fastify then writes their JSON with fast-json-stringify,
 * as the minimal reference server does, instead of JSON.stringify. Keys in present.ts's order, so
 * the bytes are the same as before.
 */

const text = { type: 'string' } as const;
const nullableText = { type: ['string', 'null'] } as const;

const profile = {
  type: 'object',
  properties: {
    username: text,
    bio: nullableText,
    image: nullableText,
    following: { type: 'boolean' },
  },
} as const;

function articleSchema(withBody: boolean) {
  return {
    type: 'object',
    properties: {
      slug: text,
      title: text,
      description: text,
      ...(withBody ? { body: text, newsletter: { type: 'boolean' } } : {}),
      tagList: { type: 'array', items: text },
      createdAt: text,
      updatedAt: text,
      favorited: { type: 'boolean' },
      favoritesCount: { type: 'integer' },
      author: profile,
      status: text,
      publishedAt: nullableText,
      category: nullableText,
      coverImage: nullableText,
      coverImageAlt: nullableText,
      coverImageCaption: nullableText,
    },
  } as const;
}

const comment = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    createdAt: text,
    updatedAt: text,
    body: text,
    author: profile,
  },
} as const;

/** `{ response: { 200: … } }` for a route: other statuses keep JSON.stringify. */
const ok = (schema: object): FastifySchema => ({ response: { 200: schema } });

export const SCHEMAS = {
  article: ok({ type: 'object', properties: { article: articleSchema(true) } }),
  articles: ok({
    type: 'object',
    properties: {
      articles: { type: 'array', items: articleSchema(false) },
      articlesCount: { type: 'integer' },
      articlesCountIsExact: { type: 'boolean' },
      nextCursor: nullableText,
    },
  }),
  comments: ok({
    type: 'object',
    properties: { comments: { type: 'array', items: comment }, nextCursor: nullableText },
  }),
  tags: ok({ type: 'object', properties: { tags: { type: 'array', items: text } } }),
};
