import { config } from '@n8n/node-cli/eslint';

// n8n's template config; generated folders (coverage reports, test artifacts) are not source.
export default [{ ignores: ['coverage/**', 'test-results/**', '.cache/**', '.sandbox/**'] }, ...config];
