import { join } from 'node:path';
import { checkoutRoot } from '../../libs/config/src/checkout-root';

/**
 * Where the prebuilt workflow bundle lives, without the bundler: a production worker imports this and
 * never loads webpack or its plugins (dev dependencies).
 */
const ROOT = checkoutRoot(__dirname);
export const WORKFLOWS_PATH = join(ROOT, 'workflows/index.ts');
export const BUNDLE_PATH = join(ROOT, 'dist/workflow-bundle.js');
