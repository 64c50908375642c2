import type { PlannedArticle } from './ghost-export';
import { GhostImages, GhostImageSource, RefusedImage } from './ghost-images';

const OLD = 'https://old.example/blog';

function planned(body: string, coverImage: string | null = null): PlannedArticle {
  return { body, coverImage } as PlannedArticle;
}

/** A source that has every path but `missing/`, and remembers what it was asked. */
function source(asked: string[]): GhostImageSource {
  return {
    find(path) {
      asked.push(path);
      if (path.startsWith('missing/')) return Promise.resolve({ missing: 'not there' });
      return Promise.resolve({ file: `/x/${path}`, bytes: 1, release: () => Promise.resolve() });
    },
  };
}

describe('GhostImages', () => {
  it("copies the old site's images once, whatever address Ghost used, and leaves the rest", async () => {
    const asked: string[] = [];
    const stored: string[] = [];
    const images = new GhostImages(OLD, source(asked), (image) => {
      stored.push(image.file);
      return Promise.resolve(`/media/${stored.length}`);
    });
    const article = await images.bring(
      planned(
        [
          `![a](${OLD}/content/images/2024/01/a.jpg)`,
          `![a small](${OLD}/content/images/size/w600/format/webp/2024/01/a.jpg "Title")`,
          `![relative](/content/images/2024/01/b%20c.png)`,
          `![elsewhere](https://cdn.example/content/images/2024/01/a.jpg)`,
          `![gone](${OLD}/content/images/missing/d.jpg)`,
        ].join('\n'),
        `${OLD}/content/images/2024/01/a.jpg`,
      ),
      7,
    );
    expect(article.coverImage).toBe('/media/1');
    expect(article.body.split('\n')).toEqual([
      '![a](/media/1)',
      '![a small](/media/1 "Title")',
      '![relative](/media/2)',
      '![elsewhere](https://cdn.example/content/images/2024/01/a.jpg)',
      `![gone](${OLD}/content/images/missing/d.jpg)`,
    ]);
    expect(asked).toEqual(['2024/01/a.jpg', '2024/01/b c.png', 'missing/d.jpg']);
    expect(images.brought).toBe(2);
    expect(images.left).toEqual([
      { url: `${OLD}/content/images/missing/d.jpg`, reason: 'not there' },
    ]);
  });

  it('never reads outside the images folder', async () => {
    const asked: string[] = [];
    const images = new GhostImages(OLD, source(asked), () => Promise.resolve('/media/1'));
    const body = `![x](${OLD}/content/images/../../../etc/passwd) ![y](/content/images/%2e%2e/%2e%2e/secret.png)`;
    expect((await images.bring(planned(body), 1)).body).toBe(body);
    expect(asked).toEqual([]);
    expect(images.left.map((left) => left.reason)).toEqual([
      'its path leaves the images folder',
      'its path leaves the images folder',
    ]);
  });

  it('leaves an image the store refuses, and copies nothing on a dry run', async () => {
    const refusing = new GhostImages(OLD, source([]), () =>
      Promise.reject(new RefusedImage('not an image')),
    );
    const body = `![x](${OLD}/content/images/x.svg)`;
    expect((await refusing.bring(planned(body), 1)).body).toBe(body);
    expect(refusing.left).toEqual([{ url: `${OLD}/content/images/x.svg`, reason: 'not an image' }]);

    const dryRun = new GhostImages(OLD, source([]), undefined);
    expect((await dryRun.bring(planned(body), 1)).body).toBe(body);
    expect(dryRun.brought).toBe(1);
  });
});
