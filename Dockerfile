# One image for the gateway, the worker and the migration Job (infra/k8s). Multi-stage: the build stage has
# the dev dependencies (tsc, swc, webpack for the workflow bundle, Vite for the console); the runtime stage
# only production dependencies, the compiled apps, the prebuilt workflow bundle and the built console.
FROM node:20.19-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts && npm rebuild @swc/core protobufjs
COPY apps/console/package.json apps/console/package-lock.json apps/console/
RUN npm ci --prefix apps/console
COPY . .
RUN npm run build && npm run build:console

FROM node:20.19-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force
COPY --from=build /app/dist/app dist/app
COPY --from=build /app/dist/workflow-bundle.js /app/dist/workflow-bundle.js.map dist/
COPY --from=build /app/apps/console/dist apps/console/dist
RUN groupadd --gid 10001 shuangcha && useradd --uid 10001 --gid 10001 --no-create-home shuangcha
USER 10001:10001
EXPOSE 3000 9464
CMD ["node", "--enable-source-maps", "dist/app/apps/gateway/src/main.js"]
