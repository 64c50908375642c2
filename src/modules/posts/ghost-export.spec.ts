import { GhostExportError, planGhostImport } from './ghost-export';

const NOW = new Date('2026-01-01T00:00:00Z');

function exportOf(post: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return {
    db: [
      {
        data: {
          posts: [{ id: 'p', title: 'T', slug: 't', type: 'post', html: '<p>Body.</p>', ...post }],
          ...extra,
        },
      },
    ],
  };
}

describe('planGhostImport', () => {
  it('refuses a file that is not a Ghost export', () => {
    expect(() => planGhostImport({ posts: [] })).toThrow(GhostExportError);
  });

  it('takes the description from the excerpt, else the meta description, else the first words', () => {
    const [first] = planGhostImport(exportOf({ custom_excerpt: ' Short. ' })).articles;
    expect(first.description).toBe('Short.');
    const meta = planGhostImport(
      exportOf({}, { posts_meta: [{ post_id: 'p', meta_description: 'From meta' }] }),
    ).articles[0];
    expect(meta.description).toBe('From meta');
    const long = `${'word '.repeat(100)}end`;
    const words = planGhostImport(exportOf({ plaintext: long })).articles[0].description;
    expect(words.length).toBeLessThanOrEqual(301);
    expect(words.endsWith('…')).toBe(true);
  });

  it('makes the first words plain text when Ghost gave none: no markdown, no __GHOST_URL__', () => {
    const html =
      '<p>Figs, <strong>cheese</strong> &amp; bread.</p><figure><img src="__GHOST_URL__/content/images/b.jpg" alt="Bridge"></figure><p>See <a href="__GHOST_URL__/x/">this</a>.</p>';
    const [article] = planGhostImport(exportOf({ html }), {
      ghostUrl: 'https://old.example',
    }).articles;
    expect(article.description).toBe('Figs, cheese & bread. See this.');
  });

  it('points links to the export’s own posts at their address here, the rest at the old site', () => {
    const other = {
      id: 'q',
      title: 'Market day',
      slug: 'market-day',
      type: 'post',
      html: '<p>M.</p>',
    };
    const page = { id: 'r', title: 'About', slug: 'about', type: 'page', html: '<p>A.</p>' };
    const html = [
      '<p><a href="__GHOST_URL__/market-day/">market</a>',
      '<a href="__GHOST_URL__/market-day/#stalls">stalls</a>',
      '<a href="__GHOST_URL__/about/">about</a>',
      '<a href="__GHOST_URL__/tag/food/">food</a></p>',
    ].join(' ');
    const file = exportOf({ html });
    file.db[0].data.posts.push(other, page);
    const [article] = planGhostImport(file, { ghostUrl: 'https://old.example/' }).articles;
    expect(article.body).toBe(
      '[market](/article/market-day) [stalls](/article/market-day#stalls) [about](/page/about) [food](https://old.example/tag/food/)',
    );
  });

  it('publishes a scheduled post whose time went by, keeps a future one scheduled', () => {
    const past = planGhostImport(
      exportOf({ status: 'scheduled', published_at: '2025-06-01T00:00:00Z' }),
      { now: NOW },
    ).articles[0];
    expect(past).toMatchObject({
      status: 'published',
      publishedAt: new Date('2025-06-01T00:00:00Z'),
    });
    const future = planGhostImport(
      exportOf({ status: 'scheduled', published_at: '2027-06-01T00:00:00Z' }),
      { now: NOW },
    ).articles[0];
    expect(future.status).toBe('scheduled');
    // A draft once published in Ghost keeps that date for its next publication; a future one is no date.
    const unpublished = planGhostImport(
      exportOf({ status: 'draft', published_at: '2025-06-01T00:00:00Z' }),
      { now: NOW },
    ).articles[0];
    expect(unpublished).toMatchObject({
      status: 'draft',
      publishedAt: null,
      keptPublishedAt: new Date('2025-06-01T00:00:00Z'),
    });
    const members = planGhostImport(
      exportOf({
        status: 'scheduled',
        visibility: 'members',
        published_at: '2027-06-01T00:00:00Z',
      }),
      { now: NOW },
    ).articles[0];
    expect(members).toMatchObject({ status: 'draft', keptPublishedAt: null });
  });

  it('keeps a published post with no text as a draft, and says why', () => {
    const plan = planGhostImport(
      exportOf({
        status: 'published',
        html: '',
        plaintext: '',
        published_at: '2024-02-03T00:00:00Z',
      }),
      { now: NOW },
    );
    // Its date is kept for when it is published here.
    expect(plan.articles[0]).toMatchObject({
      status: 'draft',
      publishedAt: null,
      keptPublishedAt: new Date('2024-02-03T00:00:00Z'),
    });
    expect(plan.drafted).toEqual([
      { slug: 't', reason: 'no text: a published article needs a description and a body' },
    ]);
  });

  it('keeps tags once whatever their case, at most 20, without Ghost’s internal ones', () => {
    const tags = [
      { id: 'a', name: 'JavaScript' },
      { id: 'b', name: 'javascript' },
      { id: 'c', name: '#internal' },
      ...Array.from({ length: 25 }, (_, i) => ({ id: `n${i}`, name: `tag ${i}` })),
    ];
    const links = tags.map((tag, i) => ({ post_id: 'p', tag_id: tag.id, sort_order: i }));
    const [article] = planGhostImport(exportOf({}, { tags, posts_tags: links })).articles;
    expect(article.tags).toHaveLength(20);
    expect(article.tags.slice(0, 2)).toEqual(['JavaScript', 'tag 0']);
  });

  it('brings pages as static pages: drafts when Ghost hid them, beside a post of the same slug', () => {
    const page = (extra: Record<string, unknown>) => ({
      type: 'page',
      status: 'published',
      published_at: '2025-01-01T00:00:00Z',
      html: '<p>Body.</p>',
      ...extra,
    });
    const file = exportOf(page({ id: 'a', title: 'About', slug: 'about' }));
    (file.db[0].data.posts as Record<string, unknown>[]).push(
      { id: 'b', title: 'About', slug: 'about', type: 'post', html: '<p>A post.</p>' },
      page({ id: 'c', title: 'Members', slug: 'members', visibility: 'members' }),
      page({
        id: 'd',
        title: 'Later',
        slug: 'later',
        status: 'scheduled',
        published_at: '2027-01-01T00:00:00Z',
      }),
      page({ id: 'e', title: 'Due', slug: 'due', status: 'scheduled' }),
      page({ id: 'f', title: 'Sketch', slug: 'sketch', status: 'draft', published_at: null }),
      { id: 'g', title: 'Card', slug: 'card', type: 'snippet' },
    );
    const plan = planGhostImport(file, { now: NOW });
    expect(plan.articles.map((article) => article.slug)).toEqual(['about']);
    expect(
      plan.pages.map(({ slug, status, publishedAt, draftedBecause }) => [
        slug,
        status,
        publishedAt?.toISOString() ?? null,
        draftedBecause?.split(' ')[0] ?? null,
      ]),
    ).toEqual([
      ['about', 'published', '2025-01-01T00:00:00.000Z', null],
      ['members', 'draft', '2025-01-01T00:00:00.000Z', 'for'],
      ['later', 'draft', '2027-01-01T00:00:00.000Z', 'scheduled'],
      ['due', 'published', '2025-01-01T00:00:00.000Z', null],
      ['sketch', 'draft', null, null],
    ]);
    expect(plan.pages[0]).toMatchObject({ title: 'About', body: 'Body.' });
    expect(plan.skipped).toEqual([
      { slug: 'card', reason: 'a snippet, neither a post nor a page' },
    ]);
  });
});
