# The dunning worker. Workflows are bundled at start; activities write to /data/outbox.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm install --omit=dev --no-audit --no-fund && npm cache clean --force
COPY tsconfig.json ./
COPY domain ./domain
COPY workflows ./workflows
COPY activities ./activities
COPY worker ./worker
COPY config ./config
COPY templates ./templates
USER node
CMD ["npx", "tsx", "worker/index.ts"]
