// Shared by jest.config.js and test/run-all.ts (plain CommonJS: Jest loads its config without a compiler).
/**
 * The specs that `npm test` runs against the Temporal CLI dev server (what `npm run dev` starts) besides the
 * cluster tier, which runs every integration and end-to-end spec against the Temporal server on
 * PostgreSQL. These are the ones whose behaviour depends on the server (visibility queries and search
 * attributes on SQLite, Updates and idempotency, readiness, opening a case, the supervisors' views), and the
 * one that starts `npm run dev` itself. The browser tier, the faults tier and the fuzz run use the dev server
 * too. test/run-all.ts narrows the int and e2e tiers to them.
 */
const DEV_SERVER_SPECS = [
  'libs/persistence/src/smoke.int-spec.ts',
  'apps/worker/src/worker.int-spec.ts',
  'apps/gateway/test/idempotency.int-spec.ts',
  'apps/gateway/test/late-decision.int-spec.ts',
  'apps/gateway/test/readiness.int-spec.ts',
  'apps/gateway/test/supervision.int-spec.ts',
  'apps/gateway/test/case-opening.int-spec.ts',
  'apps/gateway/test/gateway.int-spec.ts',
  'test/e2e/supervision.e2e-spec.ts',
  'test/e2e/dev-stack.e2e-spec.ts',
];
/** Specs that start their own Temporal dev server for what they test: nothing for the cluster tier to add. */
const OWN_DEV_SERVER_SPECS = ['test/e2e/dev-stack.e2e-spec.ts'];

module.exports = { DEV_SERVER_SPECS, OWN_DEV_SERVER_SPECS };
