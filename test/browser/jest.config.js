/** @type {import('jest').Config} */
module.exports = {
	rootDir: '../..',
	testMatch: ['<rootDir>/test/browser/**/*.test.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.internal.json', isolatedModules: true }] },
	testEnvironment: 'node',
	moduleFileExtensions: ['ts', 'js', 'json'],
	testTimeout: 30000,
};
