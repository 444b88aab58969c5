# The portal: its compiled server (dist/main.mjs) and Remix build, run by plain node as an unprivileged user.
# Build from the repository's root:  docker build -f ops/docker/portal.Dockerfile -t ilumen-portal .
FROM node:20-bookworm-slim AS build
WORKDIR /src
COPY . .
RUN npm ci --no-audit --no-fund && npm run -w @ilumen/portal build

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
# production dependencies of the portal (and of the packages bundled into it) only: no tsx, no compilers
COPY --from=build /src/package.json /src/package-lock.json ./
COPY --from=build /src/packages ./packages
# every workspace's manifest: npm ci checks the lockfile's workspaces against them
COPY --from=build /src/portal/package.json ./portal/package.json
COPY --from=build /src/worker/package.json ./worker/package.json
COPY --from=build /src/gateway-firmware/package.json ./gateway-firmware/package.json
RUN npm ci --omit=dev --workspace=@ilumen/portal --no-audit --no-fund && npm cache clean --force
COPY --from=build /src/portal/dist ./portal/dist
COPY --from=build /src/portal/build ./portal/build
USER node
WORKDIR /app/portal
EXPOSE 3000 9464
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "--enable-source-maps", "dist/main.mjs"]
