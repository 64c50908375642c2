import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MediaFilesController } from './media-files.controller';
import { MediaFilesService } from './media-files.service';
import { mediaProviders } from './media-settings.provider';
import { MediaController } from './media.controller';
import { Media } from './media.entity';
import { MediaRepository } from './media.repository';
import { MediaService } from './media.service';

/**
 * Uploaded images: POST/GET/DELETE /api/media, the files at /media/<id>/<width>.<ext>, processing with
 * sharp on a bounded pool, storage on local disk or an S3-compatible store, and the daily clean-up.
 */
@Module({
  imports: [TypeOrmModule.forFeature([Media])],
  controllers: [MediaController, MediaFilesController],
  providers: [...mediaProviders, MediaRepository, MediaService, MediaFilesService],
  exports: [MediaService],
})
export class MediaModule {}
