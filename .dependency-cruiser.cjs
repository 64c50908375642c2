/**
 * Module boundaries, checked by `npm run lint:deps` (part of `npm test`). A feature module under
 * src/modules/<name>/ is a room: another module may import from it only what it offers by name
 * (its Nest module, services, decorators, entities for foreign keys, events, SQL fragment files and
 * public types); src/common, src/config, src/docs and libs/ are shared code that knows no feature;
 * nothing imports in a circle.
 */
const { readdirSync, readFileSync, existsSync } = require('node:fs');
const { join } = require('node:path');

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The service files each module exports to Nest (`exports: [...]` of its *.module.ts, each class found
 * by the module file's own import of it): another module may import these and no other *.service.ts,
 * since Nest would refuse to inject the rest at start.
 */
function exportedServiceFiles() {
  const root = join(__dirname, 'src', 'modules');
  const files = [];
  for (const name of readdirSync(root)) {
    const file = join(root, name, `${name}.module.ts`);
    if (!existsSync(file)) continue;
    const source = readFileSync(file, 'utf8');
    const exported = /exports:\s*\[([^\]]*)\]/.exec(source)?.[1].split(',') ?? [];
    for (const symbol of exported.map((s) => s.trim()).filter(Boolean)) {
      const from = new RegExp(
        `import\\s*\\{[^}]*\\b${symbol}\\b[^}]*\\}\\s*from\\s*'\\./([^']+\\.service)'`,
      ).exec(source);
      if (from) files.push(`src/modules/${name}/${from[1]}.ts`);
    }
  }
  return files;
}

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'A cycle (types included) makes modules impossible to understand, test or move apart.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'libs-know-no-app',
      severity: 'error',
      comment: 'libs/ is shared infrastructure: it never imports the application (src/).',
      from: { path: '^libs/' },
      to: { path: '^src/' },
    },
    {
      name: 'module-offers-by-name',
      severity: 'error',
      comment:
        'A module imports from another only what that module offers: *.module.ts, *.service.ts, *.decorator.ts, *.entity.ts (foreign keys), *.events.ts, *.jobs.ts (queues), *.sql.ts fragments and *.types.ts (its own statements, *.query.ts, are not offered). Ask the owning module for a service instead of reaching into its repositories, DTOs or internals.',
      from: { path: '^src/modules/([^/]+)/' },
      to: {
        path: '^src/modules/[^/]+/',
        pathNot: [
          '^src/modules/$1/',
          '\\.(module|service|decorator|entity|events|jobs|sql|types)\\.ts$',
        ],
      },
    },
    {
      name: 'module-exports-its-services',
      severity: 'error',
      comment:
        "A module's services that its *.module.ts does not export are its own: Nest would not inject one into another module. Use a service the module exports (README: Project layout), or export it there.",
      from: { path: '^src/modules/([^/]+)/' },
      to: {
        path: '^src/modules/[^/]+/[^/]+\\.service\\.ts$',
        pathNot: ['^src/modules/$1/', ...exportedServiceFiles().map((file) => `^${escape(file)}$`)],
      },
    },
    {
      name: 'shared-knows-no-feature',
      severity: 'error',
      comment:
        'src/common, src/config and src/docs serve every module and know none: a feature file re-exported from there would pass every module rule. Move what several modules need here, or ask the owning module.',
      from: { path: '^src/(common|config|docs)/' },
      to: { path: '^src/modules/' },
    },
    {
      name: 'foreign-entities-for-keys-only',
      severity: 'error',
      comment:
        "Another module's entity is offered for a foreign key (@BelongsTo in an *.entity.ts), not to read its table: a service, repository or subscriber that injects it (@InjectRepository, manager.getRepository) bypasses the rules of the module that owns the rows. Ask that module's exported service.",
      from: { path: '^src/modules/([^/]+)/', pathNot: '\\.entity\\.ts$' },
      to: { path: '^src/modules/[^/]+/[^/]+\\.entity\\.ts$', pathNot: '^src/modules/$1/' },
    },
    {
      name: 'no-test-code-in-app',
      severity: 'error',
      comment: 'The application never imports tests, fixtures or scripts.',
      from: { path: '^(src|libs)/', pathNot: '\\.spec\\.ts$' },
      to: { path: '^(test|scripts|bench)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports count: a type cycle is still a cycle.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '(^|/)(node_modules|dist|apps)/' },
  },
};
