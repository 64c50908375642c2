-- favorite: written by test/sql-snapshots.e2e-spec.ts (UPDATE_SQL_SNAPSHOTS=1 rewrites it)
-- values: [7,1]

INSERT INTO favorites (user_id, article_id) VALUES ($1, $2)
    ON CONFLICT (user_id, article_id) DO NOTHING
