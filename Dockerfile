# syntax=docker/dockerfile:1
#
# One image for every REP Hub process. docker-compose.yml runs it with different commands:
#   npm run db:migrate     one-shot migration (TypeScript sources through @swc-node/register)
#   npm run start:api      JSON API            (dist/apps/api/main.js)
#   npm run start:web      GOV.UK-styled pages (dist/apps/web/main.js)
#   npm run start:worker   BullMQ worker       (dist/apps/worker/main.js)
#
# The runtime keeps only production dependencies: everything loaded at run time (sass for the
# web stylesheet, @swc-node/register for the migration CLI, which runs from TypeScript sources)
# is a dependency; Nx, webpack, Jest and ESLint stay in the build stage.

ARG NODE_IMAGE=node:20-bookworm-slim

# ---- base: what both stages share ----
FROM ${NODE_IMAGE} AS base
WORKDIR /app
ENV NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false \
    NPM_CONFIG_AUDIT=false \
    SCARF_ANALYTICS=false

# ---- build: install from the committed lockfile, then build every app with Nx ----
FROM base AS build
ENV NX_DAEMON=false \
    NX_NO_CLOUD=true

# Dependencies first, so this layer is cached until package.json or the lockfile changes.
# --ignore-scripts: package.json's allowScripts denies every dependency install script (npm 11),
# and the toolchain was proven with none run; this keeps it so with the npm 10 that ships in
# node:20 images. Native parts (@swc/core, @node-rs/argon2, nx) come as prebuilt optional packages.
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts

COPY . .
RUN npm run build \
 && test -f dist/apps/api/main.js \
 && test -f dist/apps/web/main.js \
 && test -f dist/apps/worker/main.js \
 && npm prune --omit=dev --ignore-scripts

# ---- runtime ----
FROM base AS runtime
ENV NODE_ENV=production \
    PORT=3000

# Files stay owned by root and read-only to the `node` user that runs the processes. Nothing here
# writes into /app at run time (the SWC transform cache of `db:migrate` goes to /tmp).
COPY --from=build /app/package.json /app/package-lock.json /app/tsconfig.base.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# Sources: `npm run db:migrate` and `npm run db:seed` (apps/server, with libs/) run TypeScript through
# scripts/run-ts.cjs (@swc-node/register) with the path aliases of tsconfig.base.json; the web app
# finds its Nunjucks views under libs/web-surface/src/views.
COPY --from=build /app/libs ./libs
COPY --from=build /app/apps ./apps
COPY --from=build /app/scripts ./scripts

USER node
EXPOSE 3000
# node itself is PID 1's child (compose adds tini): SIGTERM reaches it and drains (docs/operations.md)
# the heap limit of package.json's start:api (docs/operations.md): it also sets how far V8 grows the
# heap ahead of what is live, which on a large machine is four times
CMD ["node", "--max-old-space-size=256", "dist/apps/api/main.js"]
