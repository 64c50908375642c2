import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'folio:auth:public';

/** The route answers without a token; a valid token still identifies the reader. */
export const Public = () => SetMetadata(IS_PUBLIC, true);
