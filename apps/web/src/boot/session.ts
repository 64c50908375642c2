import { defineBoot } from '#q-app/wrappers';
import { restoreSession } from 'src/session';
import { loadSite } from 'src/site';

export default defineBoot(async () => {
  // Both before the first paint, side by side.
  await Promise.all([restoreSession(), loadSite()]);
});
