/** GET /media/<id>/<file>: outside /api (configure-app.ts's UNPREFIXED) and the web site's fallback. */
export const MEDIA_FILE_ROUTE = 'media/:id/:file';
