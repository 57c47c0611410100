/** @type {import('jest').Config} */
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.internal.json' }];
const base = { transform: { '^.+\\.ts$': tsJest }, testEnvironment: 'node', moduleFileExtensions: ['ts', 'js', 'json'], modulePathIgnorePatterns: ['<rootDir>/dist/'] };

module.exports = {
	projects: [
		{ ...base, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
		{ ...base, displayName: 'integration', testMatch: ['<rootDir>/test/integration/**/*.test.ts'] },
		{ ...base, displayName: 'hostile', testMatch: ['<rootDir>/test/hostile/**/*.test.ts'] },
	],
	collectCoverageFrom: ['nodes/shared/domain/**/*.ts'],
	coverageThreshold: { 'nodes/shared/domain/': { lines: 90 } },
	// Inside node_modules so `n8n-node lint` (whose strict mode forbids changing its ESLint config) never lints the report.
	coverageDirectory: 'node_modules/.cache/coverage',
};
