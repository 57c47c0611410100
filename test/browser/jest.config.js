/** @type {import('jest').Config} */
module.exports = {
	rootDir: '../..',
	testMatch: ['<rootDir>/test/browser/**/*.test.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.internal.json' }] },
	testEnvironment: 'node',
	moduleFileExtensions: ['ts', 'js', 'json'],
	modulePathIgnorePatterns: ['<rootDir>/dist/'],
	testTimeout: 30000,
};
