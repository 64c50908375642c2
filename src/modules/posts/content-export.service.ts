import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { ExportCounts, ExportSite, ghostExportJson } from './content-export';

/**
 * The export run in one read-only REPEATABLE READ transaction of its own, on the primary: every part
 * of the file (authors, tags, articles, their links) is of one moment, while writers go on. The
 * transaction ends when the last piece is written, or when the reader goes away.
 */
export async function* ghostExportOf(
  dataSource: DataSource,
  site: ExportSite,
  counts?: ExportCounts,
): AsyncGenerator<string> {
  const runner = dataSource.createQueryRunner('master');
  try {
    await runner.startTransaction('REPEATABLE READ');
    await runner.query('SET TRANSACTION READ ONLY');
    // The snapshot is taken by the transaction's first statement: now, before the first piece.
    await runner.query('SELECT 1');
    yield* ghostExportJson(runner.manager, site, counts);
  } finally {
    // Read only: ending it by a rollback loses nothing, whether the file was finished or abandoned.
    if (runner.isTransactionActive) await runner.rollbackTransaction();
    await runner.release();
  }
}

/** The blog's content as a Ghost export, for the administrators' download. */
@Injectable()
export class ContentExportService {
  private readonly site: ExportSite;

  constructor(
    private readonly dataSource: DataSource,
    config: ConfigService<AppConfig, true>,
  ) {
    this.site = { url: config.get('site', { infer: true }).publicUrl };
  }

  /** Ghost's own name for the file, `<blog's host>.ghost.<date and time>.json`. */
  fileName(now = new Date()): string {
    const host = new URL(this.site.url).hostname.replace(/[^a-z0-9.-]/gi, '-');
    return `${host}.ghost.${now.toISOString().slice(0, 19).replace(/[T:]/g, '-')}.json`;
  }

  ghostExport(): AsyncGenerator<string> {
    return ghostExportOf(this.dataSource, this.site);
  }
}
