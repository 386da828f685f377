# Parallel for production: the compiled server (dist/) on Node.js 20, run as an unprivileged user.
# Views, static files and page styles are read from src/ and node_modules/ at run time.
#
#   docker build -t parallel .
#   docker run --env-file compose.env -e DATABASE_URL=postgres://... -p 127.0.0.1:3000:3000 parallel
#
# compose.yaml runs it with PostgreSQL. Without DATABASE_URL it keeps the embedded database in the
# /data volume (one container only).

FROM node:20-bookworm-slim AS build
WORKDIR /app
ENV NPM_CONFIG_AUDIT=false NPM_CONFIG_FUND=false NPM_CONFIG_UPDATE_NOTIFIER=false
COPY package.json package-lock.json tsconfig.json ./
COPY scripts ./scripts
COPY src ./src
# npm ci installs exactly the lock file; its postinstall step (scripts/build.mjs) compiles src/ into
# dist/ with the stylesheet. Then the development tools are removed.
RUN npm ci \
 && test -f dist/server.js -a -f dist/web/app.css \
 && npm prune --omit=dev \
 && npm cache clean --force

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/data \
    NPM_CONFIG_UPDATE_NOTIFIER=false
WORKDIR /app
# Owned by root and only readable by the server's user: the running server cannot change its code.
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/src ./src
COPY --from=build /app/scripts ./scripts
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
# Liveness: is the process serving? (/health/ready also asks the database; a load balancer
# should use that one.) The image has no curl: Node's fetch asks.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health/live').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# The server itself is PID 1 (exec form, no npm or shell in between): `docker stop` sends it
# SIGTERM and it finishes the requests under way within SHUTDOWN_GRACE_SECONDS, then exits 0.
# Give the container a longer stop timeout than that (compose.yaml: stop_grace_period).
CMD ["node", "dist/server.js"]
