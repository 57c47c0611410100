// Lint rules for code that is NOT published (sandbox, scripts, tests).
// The published nodes and credentials are linted by n8n's own strict template (eslint.config.mjs);
// these folders run on plain Node.js, where process, timers, console and node:http are legitimate.
// Each of sandbox/, scripts/ and test/ has an eslint.config.mjs that re-exports this file; `npm run lint`
// sets ESLint's `v10_config_lookup_from_file` flag (the default from ESLint 10) so each file uses the
// nearest config.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
	{ ignores: ['**/dist/**', '**/node_modules/**'] },
	{
		files: ['**/*.ts', '**/*.mts'],
		extends: [js.configs.recommended, tseslint.configs.recommended],
		languageOptions: { globals: { ...globals.node } },
		rules: {
			'@typescript-eslint/no-explicit-any': 'error',
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
			'no-console': 'off',
		},
	},
	{
		files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
		extends: [js.configs.recommended],
		languageOptions: { globals: { ...globals.node, ...globals.browser } },
	},
);
