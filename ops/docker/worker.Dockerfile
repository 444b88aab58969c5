# The worker: its compiled entry points (dist/main.mjs; dist/migrate-cli.mjs for migrations, dist/ingest-session.mjs
# for a new broker's ingest session), run by plain node as an unprivileged user.
# Build from the repository's root:  docker build -f ops/docker/worker.Dockerfile -t ilumen-worker .
FROM node:20-bookworm-slim AS build
WORKDIR /src
COPY . .
RUN npm ci --no-audit --no-fund && npm run -w @ilumen/worker build

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /src/package.json /src/package-lock.json ./
COPY --from=build /src/packages ./packages
# every workspace's manifest: npm ci checks the lockfile's workspaces against them
COPY --from=build /src/portal/package.json ./portal/package.json
COPY --from=build /src/worker/package.json ./worker/package.json
COPY --from=build /src/gateway-firmware/package.json ./gateway-firmware/package.json
RUN npm ci --omit=dev --workspace=@ilumen/worker --no-audit --no-fund && npm cache clean --force
COPY --from=build /src/worker/dist ./worker/dist
USER node
WORKDIR /app/worker
ENV WORKER_HTTP_PORT=9464 WORKER_HTTP_HOST=0.0.0.0
EXPOSE 9464
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+process.env.WORKER_HTTP_PORT+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "--enable-source-maps", "dist/main.mjs"]
