import { defineBoot } from '#q-app/wrappers';
import { followOtherTabs } from 'src/api/http';
import { restoreSession } from 'src/session';
import { loadSite } from 'src/site';

export default defineBoot(async () => {
  // Both before the first paint, side by side.
  await Promise.all([restoreSession(), loadSite()]);
  // Signed in again in another tab (after a session ended here): a save on this page then goes through.
  followOtherTabs(() => void restoreSession());
});
