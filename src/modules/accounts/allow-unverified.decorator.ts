import { SetMetadata } from '@nestjs/common';

export const ALLOW_UNVERIFIED = 'folio:auth:allow-unverified';

/** A writing route that unverified users may call even when AUTH_REQUIRE_VERIFIED is on. */
export const AllowUnverified = () => SetMetadata(ALLOW_UNVERIFIED, true);
