import { RegisteredUser, registerUser, setRole, useRegisteredUser } from './support/auth-factory';
import { createArticle, FAST_AUTH_ENV } from './support/posts-factory';
import { useTestApp } from './support/test-app';

interface Revision {
  id: number;
  title: string;
  description: string;
  body?: string;
  createdAt: string;
  updatedAt: string;
  editor: { username: string } | null;
}

describe('revision history (the versions of an article’s text)', () => {
  const t = useTestApp(FAST_AUTH_ENV);
  const writer = useRegisteredUser(t, { role: 'author' });
  const editor = useRegisteredUser(t, { role: 'editor' });
  const stranger = useRegisteredUser(t);

  const revisionsUrl = (slug: string) => `/api/articles/${slug}/revisions`;
  const history = async (user: RegisteredUser, slug: string): Promise<Revision[]> => {
    const response = await t.as(user.token).get(revisionsUrl(slug)).expect(200);
    return response.body.revisions as Revision[];
  };
  const edit = (user: RegisteredUser, slug: string, article: Record<string, unknown>) =>
    t.as(user.token).put(`/api/articles/${slug}`).send({ article }).expect(200);
  /** Moves the article's revisions back in time, as if their sessions had begun `minutes` ago. */
  const age = (slug: string, minutes: number) =>
    t.dataSource.query(
      `UPDATE article_revisions SET created_at = created_at - make_interval(mins => $2),
              updated_at = updated_at - make_interval(mins => $2)
        WHERE article_id = (SELECT id FROM articles WHERE slug = $1)`,
      [slug, minutes],
    );

  it('the first edit keeps the text it replaced; an editing session is one revision; a later one is another', async () => {
    const article = await createArticle(t, writer.token, {
      title: 'First title',
      description: 'First description',
      body: 'First body',
    });
    expect(await history(writer, article.slug)).toEqual([]);

    await edit(writer, article.slug, { body: 'Second body' });
    const [current, original] = await history(writer, article.slug);
    expect(original).toMatchObject({
      title: 'First title',
      description: 'First description',
      // Never saved again after it was written: its author's.
      editor: { username: writer.username },
    });
    expect(original.body).toBeUndefined();
    expect(current).toMatchObject({ title: 'First title', editor: { username: writer.username } });
    expect(Date.parse(original.updatedAt)).toBeLessThanOrEqual(Date.parse(current.updatedAt));

    // An autosave a few seconds later: the same session, the same revision, its text replaced.
    const renamed = await edit(writer, article.slug, { body: 'Third body', title: 'Second title' });
    const slug = renamed.body.article.slug as string;
    const afterAutosave = await history(writer, slug);
    expect(afterAutosave.map((revision) => revision.id)).toEqual([current.id, original.id]);
    expect(afterAutosave[0].title).toBe('Second title');
    const full = await t.as(writer.token).get(`${revisionsUrl(slug)}/${current.id}`);
    expect(full.status).toBe(200);
    expect(full.body.revision).toMatchObject({ id: current.id, body: 'Third body' });

    // Another person's save is a revision of its own, and so is the author's after their session.
    await edit(editor, slug, { body: 'Edited by the editor' });
    await age(slug, 11);
    await edit(writer, slug, { body: 'Fourth body' });
    const all = await history(writer, slug);
    expect(all.map((revision) => revision.editor?.username)).toEqual([
      writer.username,
      editor.username,
      writer.username,
      writer.username,
    ]);
    expect(all[all.length - 1].id).toBe(original.id);

    // Changing only what is not the text (status, tags, cover) records nothing.
    await edit(writer, slug, { tagList: ['history'], status: 'draft' });
    expect(await history(writer, slug)).toHaveLength(4);
  });

  it('a restore makes an old version the article’s, as an edit kept in the history; nothing is lost', async () => {
    const article = await createArticle(t, writer.token, {
      title: 'Restorable',
      description: 'Kept description',
      body: 'The body worth keeping',
    });
    await edit(writer, article.slug, { body: 'A regrettable rewrite', description: 'Changed' });
    const [, original] = await history(writer, article.slug);

    // By the writer, in the session that wrote the rewrite: the restore does not overwrite it.
    const restored = await t
      .as(writer.token)
      .post(`${revisionsUrl(article.slug)}/${original.id}/restore`)
      .expect(200);
    expect(restored.body.article).toMatchObject({
      slug: article.slug,
      title: 'Restorable',
      description: 'Kept description',
      body: 'The body worth keeping',
    });
    const read = await t.as(writer.token).get(`/api/articles/${article.slug}`).expect(200);
    expect(read.body.article.body).toBe('The body worth keeping');
    // The rewrite is still there to go back to.
    const after = await history(writer, article.slug);
    expect(after).toHaveLength(3);
    expect(after.map((revision) => revision.editor?.username)).toEqual([
      writer.username,
      writer.username,
      writer.username,
    ]);
    const rewrite = await t.as(writer.token).get(`${revisionsUrl(article.slug)}/${after[1].id}`);
    expect(rewrite.body.revision.body).toBe('A regrettable rewrite');
  });

  it('an article keeps its last 20 revisions', async () => {
    const article = await createArticle(t, writer.token, { body: 'v0' });
    for (let n = 1; n <= 23; n++) {
      await edit(writer, article.slug, { body: `v${n}` });
      await age(article.slug, 11);
    }
    const kept = await history(writer, article.slug);
    expect(kept).toHaveLength(20);
    const bodies = await t.dataSource.query<{ body: string }[]>(
      `SELECT body FROM article_revisions
        WHERE article_id = (SELECT id FROM articles WHERE slug = $1) ORDER BY updated_at DESC`,
      [article.slug],
    );
    expect(bodies.map((row) => row.body)).toEqual(
      Array.from({ length: 20 }, (_, i) => `v${23 - i}`),
    );
  });

  it('only those who may edit the article read or restore its history; unknown revisions are 404s', async () => {
    const draft = await createArticle(t, writer.token, { status: 'draft', body: 'Draft one' });
    await edit(writer, draft.slug, { body: 'Draft two' });
    const [, first] = await history(writer, draft.slug);
    const url = revisionsUrl(draft.slug);

    await t.http().get(url).expect(401);
    // Someone who cannot see the draft is told it is not there, not that they may not.
    const hidden = await t.as(stranger.token).get(`${url}/${first.id}`).expect(404);
    expect(hidden.body).toEqual({ errors: { article: ['not found'] } });
    await t.as(stranger.token).post(`${url}/${first.id}/restore`).expect(404);
    expect((await history(editor, draft.slug)).map((revision) => revision.id)).toContain(first.id);

    const published = await createArticle(t, writer.token, { body: 'Published one' });
    await edit(writer, published.slug, { body: 'Published two' });
    const reader = await t.as(stranger.token).get(revisionsUrl(published.slug)).expect(403);
    expect(reader.body.errors).toBeDefined();

    // A contributor edits their own drafts only: once an editor has published it, its history is closed.
    const contributor = await registerUser(t);
    await setRole(t, contributor.id, 'contributor');
    const theirs = await createArticle(t, contributor.token, { status: 'draft', body: 'Mine' });
    await edit(contributor, theirs.slug, { body: 'Mine, again' });
    expect(await history(contributor, theirs.slug)).toHaveLength(2);
    await edit(editor, theirs.slug, { status: 'published', description: 'Ready' });
    await t.as(contributor.token).get(revisionsUrl(theirs.slug)).expect(403);

    // Another article's revision, a number past any id, and words are all "not found".
    const other = (await history(writer, published.slug))[0].id;
    for (const id of [String(other), '2147483648', 'latest', '-1']) {
      const response = await t.as(writer.token).get(`${url}/${id}`).expect(404);
      expect(response.body).toEqual({ errors: { revision: ['not found'] } });
    }
    await t.as(writer.token).post(`${url}/${other}/restore`).expect(404);
  });

  it('a deleted article takes its history with it; a deleted editor leaves their versions unsigned', async () => {
    const article = await createArticle(t, writer.token, { body: 'One' });
    const passing = await registerUser(t);
    await setRole(t, passing.id, 'editor');
    await edit(passing, article.slug, { body: 'Two' });
    await t.dataSource.query('DELETE FROM users WHERE id = $1', [passing.id]);
    const [unsigned] = await history(writer, article.slug);
    expect(unsigned.editor).toBeNull();

    await t.as(writer.token).delete(`/api/articles/${article.slug}`).expect(204);
    const left = await t.dataSource.query<{ count: string }[]>(
      `SELECT count(*) FROM article_revisions r WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = r.article_id)`,
    );
    expect(left[0].count).toBe('0');
  });
});
