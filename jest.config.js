/** @type {import('jest').Config} */
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.internal.json' }];
// testTimeout: tests run nodes in n8n-core's WorkflowExecute (test/nodeHarness); its first call in a file sets up
// n8n's services, which takes seconds on a loaded machine.
const base = {
	transform: { '^.+\\.ts$': tsJest },
	testEnvironment: 'node',
	testTimeout: 20_000,
	moduleFileExtensions: ['ts', 'js', 'json'],
	modulePathIgnorePatterns: ['<rootDir>/dist/'],
};

module.exports = {
	// testTimeout is a global option: set in a project it is ignored (jest's default 5 s applies).
	testTimeout: 20_000,
	projects: [
		{
			...base,
			displayName: 'unit',
			testMatch: ['<rootDir>/test/unit/**/*.test.ts'],
			setupFilesAfterEnv: ['<rootDir>/test/nodeHarness/restoreNockAfterFile.ts'],
		},
		{ ...base, displayName: 'integration', testMatch: ['<rootDir>/test/integration/**/*.test.ts'] },
		{ ...base, displayName: 'hostile', testMatch: ['<rootDir>/test/hostile/**/*.test.ts'] },
	],
	collectCoverageFrom: ['nodes/shared/domain/**/*.ts'],
	coverageThreshold: { 'nodes/shared/domain/': { lines: 90 } },
	// Inside node_modules so `n8n-node lint` (whose strict mode forbids changing its ESLint config) never lints the report.
	coverageDirectory: 'node_modules/.cache/coverage',
};
