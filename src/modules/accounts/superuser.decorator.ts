import { SetMetadata } from '@nestjs/common';

export const SUPERUSER_ONLY = 'folio:auth:superuser';

/** Only superusers may call the route; anyone else gets 403. */
export const SuperuserOnly = () => SetMetadata(SUPERUSER_ONLY, true);
