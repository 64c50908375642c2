import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiErrors, ApiToken } from '../../docs/api-errors.decorator';

export const SUPERUSER_ONLY = 'folio:auth:superuser';

/** Only superusers may call the route (or every route of the controller); anyone else gets 403. */
export const SuperuserOnly = () =>
  applyDecorators(SetMetadata(SUPERUSER_ONLY, true), ApiToken(), ApiErrors(403));
