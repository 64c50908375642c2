import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { UniqueViolationError } from '../../../libs/database/database-errors';
import { AuthConfig } from '../../config/app-config';
import { AUTH_CONFIG } from './auth-config.provider';
import { PasswordHasher } from './password-hasher';
import { createSuperuser, hasSuperuser } from './superuser-bootstrap';

/** FIRST_SUPERUSER_* make the first administrator on a start where there is none yet. */
@Injectable()
export class FirstSuperuserService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Auth');

  constructor(
    private readonly dataSource: DataSource,
    private readonly hasher: PasswordHasher,
    @Inject(AUTH_CONFIG) private readonly config: AuthConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const wanted = this.config.firstSuperuser;
    if (!wanted || (await hasSuperuser(this.dataSource))) return;
    try {
      // Never promote an account someone registered with that email: it may not be the operator's.
      const outcome = await createSuperuser(this.dataSource, this.hasher, wanted, {
        promoteExisting: false,
      });
      // 'exists': another instance started at the same time made it first.
      if (outcome === 'created')
        this.logger.log(`Created the first administrator ${wanted.username}`);
    } catch (error) {
      if (!(error instanceof UniqueViolationError)) throw error;
      // Another instance won the race, or the email/username is taken: say so, start anyway.
      this.logger.warn(
        `FIRST_SUPERUSER_*: not created, the ${error.field} is already taken (use npm run cli -- create-superuser)`,
      );
    }
  }
}
