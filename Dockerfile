# reelpipe: one image for the API and the workers (see deploy/compose.yaml and README "Deploying").
FROM node:22-bookworm-slim

# Debian's headless Chromium renders the frames; tini is PID 1 so Chromium's child processes are reaped;
# ca-certificates for a bucket and webhooks over TLS. Fonts, ffmpeg and ffprobe come with the npm packages.
RUN apt-get update \
  && apt-get install -y --no-install-recommends chromium-headless-shell tini ca-certificates \
  && rm -rf /var/lib/apt/lists/* \
  && groupadd --system reelpipe \
  && useradd --system --gid reelpipe --create-home --home-dir /home/reelpipe reelpipe \
  && mkdir -p /app /data \
  && chown reelpipe:reelpipe /app /data

ENV NODE_ENV=production \
  HOST=0.0.0.0 \
  REELPIPE_DATA_DIR=/data \
  CHROMIUM_PATH=/usr/lib/chromium/chromium-headless-shell

USER reelpipe
WORKDIR /app

# Dependencies first, so a code change does not reinstall them. vendor/ holds stand-ins that package.json's
# overrides point at.
COPY --chown=reelpipe:reelpipe package.json package-lock.json ./
COPY --chown=reelpipe:reelpipe vendor ./vendor
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

COPY --chown=reelpipe:reelpipe . .

VOLUME ["/data"]
EXPOSE 3000
# The API's liveness; workers (no HTTP) turn it off in compose.yaml.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"

ENTRYPOINT ["/usr/bin/tini", "--", "node", "bin/reelpipe.js"]
CMD ["serve", "--no-worker"]
