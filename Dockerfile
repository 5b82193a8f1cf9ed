# syntax=docker/dockerfile:1
FROM node:24-bookworm-slim AS base
ENV PNPM_HOME=/pnpm PATH=/pnpm:$PATH
RUN npm i -g pnpm@12.21.0
WORKDIR /app

FROM base AS deps
COPY . .
RUN pnpm install --frozen-lockfile && pnpm --filter @slotwise/api run generate

FROM deps AS web
RUN pnpm --filter @slotwise/web run build

FROM web AS api
ENV NODE_ENV=production
EXPOSE 3000
CMD ["pnpm", "--filter", "@slotwise/api", "run", "start:prod"]
