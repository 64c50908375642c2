import { Pool } from 'pg';
import { buildFloor } from './server';

/** The floor as a process of its own, as Folio is: started by the bench (start-floor.ts). */
const pool = new Pool({
  connectionString: process.env.FLOOR_DATABASE_URL,
  max: Number(process.env.FLOOR_POOL_SIZE ?? 10),
});
const app = buildFloor(pool);

app.listen({ port: Number(process.env.FLOOR_PORT), host: '127.0.0.1' }).then(
  () => console.log('ready'),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
process.once('SIGTERM', () => {
  void app
    .close()
    .then(() => pool.end())
    .then(() => process.exit(0));
});
