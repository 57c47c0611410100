import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

export function chromiumAvailable(): boolean {
	const available = existsSync(CHROMIUM_PATH);
	// In CI a missing browser is a failure, never a skip (.ci/run installs it).
	if (!available && process.env.CI === 'true')
		throw new Error(
			`${CHROMIUM_PATH} is missing: apt-get install -y chromium (.ci/run installs it).`,
		);
	if (!available) {
		console.warn(
			`Browser tests skipped: ${CHROMIUM_PATH} is missing (apt-get install -y chromium; .ci/run installs it).`,
		);
	}
	return available;
}

/** Debian's chromium, headless, with a fresh profile and no background traffic. */
export async function launchChromium(): Promise<{
	context: BrowserContext;
	close(): Promise<void>;
}> {
	const profile = mkdtempSync(join(tmpdir(), 'live-chat-chromium-'));
	const context = await chromium.launchPersistentContext(profile, {
		executablePath: CHROMIUM_PATH,
		headless: true,
		args: [
			'--headless',
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
		],
		viewport: { width: 1000, height: 720 },
	});
	return {
		context,
		close: async () => {
			await context.close();
			rmSync(profile, { recursive: true, force: true });
		},
	};
}
