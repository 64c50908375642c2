import { HttpException } from '@nestjs/common';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/app-config';
import type { MediaService } from '../modules/media/media.service';
import { GhostExportError, planGhostImport } from '../modules/posts/ghost-export';
import {
  folderSource,
  GhostImages,
  GhostImageSource,
  RefusedImage,
  siteSource,
  StoreImage,
} from '../modules/posts/ghost-images';
import { importGhostPlan } from '../modules/posts/ghost-import';
import { withApp, withDatabase } from './cli-runtime';
import { USAGE } from './cli-usage';

// `npm run cli -- import-ghost`: a Ghost export's posts and pages, and its images, brought to Folio.

/** The media library as the import's image store: a file it refuses is left at the old address. */
function mediaStore(media: MediaService): StoreImage {
  return async (image, authorId) => {
    try {
      return (await media.upload(authorId, image.file, image.bytes)).url;
    } catch (error) {
      if (!(error instanceof HttpException) || error.getStatus() >= 500) throw error;
      const { errors } = error.getResponse() as { errors: Record<string, string[]> };
      throw new RefusedImage(
        `the media library refused it: it ${Object.values(errors).join('; ')}`,
      );
    }
  };
}

/** Ghost's content/images folder, found from it, its content folder or a `ghost backup`'s root. */
function imagesFolder(given: string): string | undefined {
  return [join(given, 'content', 'images'), join(given, 'images'), given].find(
    (folder) => existsSync(folder) && statSync(folder).isDirectory(),
  );
}

export async function importGhostCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      'ghost-url': { type: 'string' },
      author: { type: 'string' },
      images: { type: 'string' },
      'fetch-images': { type: 'boolean' },
      'dry-run': { type: 'boolean' },
    },
  });
  const ghostUrl = values['ghost-url'];
  const copyImages = values.images !== undefined || values['fetch-images'] === true;
  if (
    positionals.length !== 1 ||
    (values.images !== undefined && values['fetch-images']) ||
    (copyImages && !ghostUrl)
  ) {
    console.error(USAGE);
    return 2;
  }
  const dryRun = values['dry-run'] ?? false;
  if (copyImages && !dryRun && !process.env.APP_URL) {
    // The copies' links are written into the articles with the blog's address: this machine's default
    // (http://localhost:<PORT>) would stay in them wherever the blog is served.
    console.error(
      "Copying images needs APP_URL, the blog's address as the server has it: the copies are linked at it (APP_URL=https://your-blog.example npm run cli -- import-ghost …)",
    );
    return 1;
  }
  const [path] = positionals;
  let source: GhostImageSource | undefined;
  const config = loadConfig(process.env);
  const maxBytes = config.media.maxBytes;
  if (values.images !== undefined) {
    const folder = imagesFolder(values.images);
    if (!folder) {
      console.error(`--images: ${values.images} is not a folder`);
      return 1;
    }
    source = folderSource(folder, maxBytes);
  } else if (values['fetch-images'] && ghostUrl) source = siteSource(ghostUrl, maxBytes);
  let plan;
  try {
    plan = planGhostImport(JSON.parse(readFileSync(path, 'utf8')), { ghostUrl });
  } catch (error) {
    // A missing or unreadable file, one that is not JSON, one that is not a Ghost export: one line.
    const said =
      error instanceof GhostExportError ||
      error instanceof SyntaxError ||
      (error as NodeJS.ErrnoException).code !== undefined;
    if (!said) throw error;
    console.error(`${path}: ${(error as Error).message}`);
    return 1;
  }
  const options = { fallbackAuthor: values.author, dryRun };
  let images: GhostImages | undefined;
  const outcome = source
    ? await withApp(config, async (app) => {
        const { MediaService } = await import('../modules/media/media.service');
        images = new GhostImages(
          ghostUrl,
          source,
          dryRun ? undefined : mediaStore(app.get(MediaService)),
        );
        return importGhostPlan(app.get(DataSource), plan, { ...options, images });
      })
    : await withDatabase(config, (dataSource) => importGhostPlan(dataSource, plan, options));
  const list = (title: string, posts: { slug: string; reason: string }[]) => {
    if (posts.length === 0) return;
    console.log(`${title} (${posts.length}):`);
    for (const post of posts) console.log(`  ${post.slug}: ${post.reason}`);
  };
  const count = (status: string) =>
    outcome.imported.filter((article) => article.status === status).length;
  console.log(
    `${dryRun ? 'Dry run, nothing written: would import' : 'Imported'} ${outcome.imported.length} article${outcome.imported.length === 1 ? '' : 's'} (${count('published')} published, ${count('scheduled')} scheduled, ${count('draft')} draft${count('draft') === 1 ? '' : 's'}${count('withheld') ? `, ${count('withheld')} withheld` : ''})`,
  );
  const published = outcome.pages.filter((page) => page.status === 'published').length;
  const drafts = outcome.pages.length - published;
  console.log(
    `${dryRun ? 'Would import' : 'Imported'} ${outcome.pages.length} page${outcome.pages.length === 1 ? '' : 's'} (${published} published, ${drafts} draft${drafts === 1 ? '' : 's'})`,
  );
  // Published as the plan said, but not shown: their author's account here is deactivated.
  list(
    'Withheld, their author deactivated (shown once the account is active again)',
    outcome.imported
      .filter((article) => article.status === 'withheld')
      .map(({ slug }) => ({ slug, reason: 'its author is deactivated here' })),
  );
  list('Drafts, not published', outcome.drafted);
  list('Left out', outcome.skipped);
  list('Tags left out', outcome.tagsLeftOut);
  if (images) {
    console.log(
      `${dryRun ? 'Found' : 'Copied'} ${images.brought} image${images.brought === 1 ? '' : 's'}${dryRun ? ' to copy' : ''} into the media library`,
    );
    list(
      'Images left at the old address',
      images.left.map(({ url, reason }) => ({ slug: url, reason })),
    );
  }
  return 0;
}
