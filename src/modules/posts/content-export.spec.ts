import { ExportedArticle } from './content-export.query';
import { ghostArticle, ghostId, markdownMobiledoc, within } from './content-export';
import { planGhostImport } from './ghost-export';

const SITE = { url: 'https://blog.example' };
const NOW = new Date('2026-06-01T00:00:00Z');

function article(overrides: Partial<ExportedArticle> = {}): ExportedArticle {
  return {
    id: 42,
    slug: 'night-trains',
    title: 'Night trains',
    description: 'Sleeping across Europe.',
    body: '# Hello\n\nA [map](/media/map.png), <b onclick="steal()">bold</b> and `code`.\n',
    coverImage: null,
    status: 'published',
    publishedAt: new Date('2026-03-01T10:00:00Z'),
    keptPublishedAt: null,
    authorId: 7,
    createdAt: new Date('2026-02-28T09:00:00Z'),
    updatedAt: new Date('2026-03-02T11:00:00Z'),
    ...overrides,
  };
}

/** What Folio's own Ghost import plans for a file of this one post. */
function planned(post: object) {
  const file = {
    db: [
      {
        data: {
          posts: [post],
          users: [{ id: ghostId('user', 7), email: 'tove@example.test' }],
          posts_authors: [{ post_id: ghostId('article', 42), author_id: ghostId('user', 7) }],
        },
      },
    ],
  };
  return planGhostImport(file, { now: NOW });
}

describe('the content export, read back by the Ghost import', () => {
  it('gives each row an id of Ghost’s shape, one per kind and id', () => {
    expect(ghostId('article', 42)).toBe('10000000000000000000002a');
    expect(ghostId('user', 42)).toMatch(/^3[0-9a-f]{23}$/);
    expect(ghostId('article', 2 ** 31 - 1)).toHaveLength(24);
  });

  it('keeps the markdown to the letter, and its dates', () => {
    const { articles } = planned(ghostArticle(SITE, article()));
    expect(articles[0]).toMatchObject({
      slug: 'night-trains',
      title: 'Night trains',
      description: 'Sleeping across Europe.',
      body: article().body.trim(),
      status: 'published',
      authorEmail: 'tove@example.test',
      createdAt: article().createdAt,
      updatedAt: article().updatedAt,
      publishedAt: article().publishedAt,
    });
    expect(JSON.parse(markdownMobiledoc('x'))).toEqual({
      version: '0.3.1',
      atoms: [],
      cards: [['markdown', { markdown: 'x' }]],
      markups: [],
      sections: [[10, 0]],
    });
  });

  it('writes sanitized HTML with the links made absolute, for other readers of the format', () => {
    const post = ghostArticle(SITE, article()) as { html: string };
    expect(post.html).toContain('<a href="https://blog.example/media/map.png">map</a>');
    // Sanitized as every page of the site is.
    expect(post.html).toContain('<b>bold</b>');
    expect(post.html).not.toContain('steal');
  });

  it('keeps a draft’s kept date, a scheduled article’s time, and a withheld one out of sight', () => {
    const later = new Date('2026-07-01T00:00:00Z');
    const kept = new Date('2025-01-01T00:00:00Z');
    expect(
      planned(ghostArticle(SITE, article({ status: 'scheduled', publishedAt: later }))).articles[0],
    ).toMatchObject({ status: 'scheduled', publishedAt: later });
    expect(
      planned(
        ghostArticle(SITE, article({ status: 'draft', publishedAt: null, keptPublishedAt: kept })),
      ).articles[0],
    ).toMatchObject({ status: 'draft', publishedAt: null, keptPublishedAt: kept });
    expect(planned(ghostArticle(SITE, article({ status: 'withheld' }))).articles[0]).toMatchObject({
      status: 'draft',
      keptPublishedAt: article().publishedAt,
    });
  });

  it('cuts a text over a limit at a word, with an ellipsis', () => {
    expect(within('short', 10)).toBe('short');
    expect(within('one two three four', 12)).toBe('one two…');
    expect(within('x'.repeat(20), 10)).toBe(`${'x'.repeat(9)}…`);
  });
});
