/** @type {import('jest').Config} */
module.exports = {
	rootDir: '../..',
	testMatch: ['<rootDir>/test/e2e/**/*.e2e.test.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.internal.json' }] },
	testEnvironment: 'node',
	moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
	modulePathIgnorePatterns: ['<rootDir>/dist/'],
	testTimeout: 600_000,
};
