import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { StaticPage } from './static-page.entity';
import { StaticPagesController } from './static-pages.controller';
import { StaticPagesRepository } from './static-pages.repository';
import { StaticPagesService } from './static-pages.service';

/**
 * The blog's pages that are not articles (Ghost's pages: About, Contact). Exports StaticPagesService
 * for the server-rendered pages, the sitemap and the Ghost import.
 */
@Module({
  imports: [TypeOrmModule.forFeature([StaticPage])],
  controllers: [StaticPagesController],
  providers: [StaticPagesService, StaticPagesRepository],
  exports: [StaticPagesService],
})
export class StaticPagesModule {}
