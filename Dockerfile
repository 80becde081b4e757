# The dunning worker. Workflows are bundled at start; activities write to /data/outbox.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
# The heap the worker sizes its workflow cache from (worker/sizing.ts); DUNNING_MAX_CACHED_WORKFLOWS overrides.
ENV NODE_OPTIONS=--max-old-space-size=2048
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY tsconfig.json ./
COPY domain ./domain
COPY workflows ./workflows
COPY activities ./activities
COPY worker ./worker
COPY config ./config
COPY templates ./templates
USER node
CMD ["npx", "tsx", "worker/index.ts"]
