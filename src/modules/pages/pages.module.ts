import { Module } from '@nestjs/common';
import { MediaModule } from '../media/media.module';
import { PostsModule } from '../posts/posts.module';
import { PagesService } from './pages.service';

/**
 * The site's pages as crawlers and link previews read them: the head (title, description, canonical
 * URL, Open Graph, Twitter card, JSON-LD, feed links) and content of the article, profile, tag,
 * category and home pages, which the web module puts into the app shell.
 */
@Module({
  imports: [PostsModule, MediaModule],
  providers: [PagesService],
  exports: [PagesService],
})
export class PagesModule {}
