# One image for the gateway and every subgraph; docker-compose.yml picks the command.
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY src src
COPY migrations migrations
COPY schema schema
COPY dashboard dashboard
COPY scripts scripts
# `npm ci` builds (the prepare script); the compiler is then dropped with the other dev dependencies
RUN npm ci --no-audit --no-fund && npm prune --omit=dev
ENV NODE_ENV=production HOST=0.0.0.0
USER node
EXPOSE 4000
CMD ["node", "dist/src/main.js", "start"]
