import { parseFeed } from '@rowanmanning/feed-parser';
import { JSDOM } from 'jsdom';
import { registerUser } from './support/auth-factory';
import { createArticle, FAST_AUTH_ENV } from './support/posts-factory';
import { useTestApp } from './support/test-app';

/** A strict XML parse, as a feed reader does it: anything not well-formed is a parsererror. */
function parsesAsXml(text: string): boolean {
  const document = new JSDOM(text, { contentType: 'text/xml' }).window.document;
  return document.getElementsByTagName('parsererror').length === 0;
}

/**
 * What writers really type ends up in every reader's feed: text about XML (`]]>`, more than once) and
 * control characters pasted from a word processor or a terminal. One such article must not make the
 * site's feed unreadable for everyone.
 */
describe('feeds keep any article text readable', () => {
  const t = useTestApp(FAST_AUTH_ENV);

  const title = 'Ending CDATA: ]]> and again ]]>\u0001';
  const description = 'Pasted ]]> twice ]]>\u000b from Word';
  const body = 'A terminal line \u001b[0m and ]]> with ]]> in it `a]]>b]]>c`';
  const dropped = (text: string) =>
    [...text].filter((char) => !['\u0001', '\u000b', '\u001b'].includes(char)).join('');

  async function feedOfNewWriter(file: string): Promise<string> {
    const writer = await registerUser(t);
    await createArticle(t, writer.token, { title, description, body });
    return (await t.http().get(`/profile/${writer.username}/${file}`).expect(200)).text;
  }

  it.each(['rss.xml', 'atom.xml'] as const)(
    '%s: well-formed, with each ]]> kept and the characters XML forbids dropped',
    async (file) => {
      const text = await feedOfNewWriter(file);
      expect(parsesAsXml(text)).toBe(true);
      const [item] = parseFeed(text).items;
      expect(item.title).toBe(dropped(title));
      expect(item.description).toBe(dropped(description));
      // HTML may write the text's `>` as `&gt;`: the same text.
      const content = item.content?.replaceAll('&gt;', '>');
      expect(content).toContain(dropped('A terminal line \u001b[0m and ]]> with ]]> in it'));
      expect(content).toContain('<code>a]]>b]]>c</code>');
    },
  );

  it('feed.json keeps the text as written: JSON escapes every character', async () => {
    const feed = JSON.parse(await feedOfNewWriter('feed.json')) as {
      items: { title: string; summary: string; content_html: string }[];
    };
    expect(feed.items[0]).toMatchObject({ title, summary: description });
    expect(feed.items[0].content_html).toContain('\u001b[0m');
  });
});
