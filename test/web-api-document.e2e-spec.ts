import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useTestApp } from './support/test-app';

/**
 * The web app's API types are generated from apps/web/src/api/openapi.json: this keeps that copy equal to
 * the document the server serves. `npm run web:api-types` runs this file with FOLIO_WRITE_API_DOCUMENT=1,
 * which writes the served document instead of comparing, then regenerates the types from it.
 */
const CHECKED_IN = join(__dirname, '..', 'apps', 'web', 'src', 'api', 'openapi.json');
const REGENERATE = 'npm run web:api-types';

/** The file's text for a document: two-space JSON and a final newline. */
function documentText(document: unknown): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

type Document = {
  paths?: Record<string, unknown>;
  components?: { schemas?: Record<string, unknown> };
};

/** The paths and schemas that were added, removed or changed, to name in the failure. */
function differences(served: Document, checkedIn: Document): string[] {
  const changed = (
    kind: string,
    a: Record<string, unknown> = {},
    b: Record<string, unknown> = {},
  ) =>
    [...new Set([...Object.keys(a), ...Object.keys(b)])]
      .filter((key) => JSON.stringify(a[key]) !== JSON.stringify(b[key]))
      .map((key) => `${kind} ${key}`);
  return [
    ...changed('path', served.paths, checkedIn.paths),
    ...changed('schema', served.components?.schemas, checkedIn.components?.schemas),
  ];
}

describe("The web app's copy of the OpenAPI document", () => {
  const t = useTestApp();

  it('is the document /docs-json serves', async () => {
    const response = await t.http().get('/docs-json').expect(200);
    const served = documentText(response.body);
    if (process.env.FOLIO_WRITE_API_DOCUMENT === '1') {
      writeFileSync(CHECKED_IN, served);
      return;
    }
    const checkedIn = readFileSync(CHECKED_IN, 'utf8');
    if (checkedIn !== served) {
      const changed = differences(response.body as Document, JSON.parse(checkedIn) as Document);
      throw new Error(
        `apps/web/src/api/openapi.json differs from the document the server serves at /docs-json ` +
          `(${changed.join(', ') || 'order or formatting'}). Run \`${REGENERATE}\` and commit ` +
          `apps/web/src/api/openapi.json (and the types generated from it).`,
      );
    }
  });
});
