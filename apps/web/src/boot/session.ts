import { defineBoot } from '#q-app/wrappers';
import { restoreSession } from 'src/session';

export default defineBoot(async () => {
  await restoreSession();
});
