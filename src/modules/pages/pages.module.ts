import { Module } from '@nestjs/common';
import { MediaModule } from '../media/media.module';
import { PostsModule } from '../posts/posts.module';
import { StaticPagesModule } from '../static-pages/static-pages.module';
import { PagesService } from './pages.service';

/**
 * The site's pages as crawlers and link previews read them: the head (title, description, canonical
 * URL, Open Graph, Twitter card, JSON-LD, feed links) and content of the article, static page,
 * profile, tag, category and home pages, which the web module puts into the app shell.
 */
@Module({
  imports: [PostsModule, StaticPagesModule, MediaModule],
  providers: [PagesService],
  exports: [PagesService],
})
export class PagesModule {}
