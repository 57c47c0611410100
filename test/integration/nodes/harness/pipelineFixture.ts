/**
 * One sandbox (Zoho org in a chosen time zone + TimelinesAI) and the bundled sync workflow activated
 * against it, for a test file; plus the helpers the tests share: fresh WhatsApp numbers, a fresh
 * credential id per test (the nodes' caches and locks are per credential), day titles in the org's zone.
 */
import { DateTime } from 'luxon';

import { startSandbox, type RunningSandbox, type ZohoSandboxOptions } from '../../../../sandbox';
import { connectZohoCredential } from './connectZohoCredential';
import { SandboxApi } from './sandboxApi';
import { SyncPipeline, type PipelineSettings } from './syncPipeline';

export interface PipelineFixture {
	sandbox: RunningSandbox;
	api: SandboxApi;
	pipeline: SyncPipeline;
	/** Configures the workflow for the next deliveries, with a credential id no earlier test used. */
	use(parameters?: PipelineSettings['parameters']): void;
	/** A valid WhatsApp number (E.164) no other test of the file uses. */
	newNumber(): string;
	/** DD/MM/YYYY of an instant in the org's time zone, as in the note title. */
	orgDay(instant: string | DateTime): string;
	/** `count` instants one second apart, all inside today's org day (in the recent past when possible). */
	todayTimestamps(count: number): string[];
	close(): Promise<void>;
}

let fileCounter = 0;

export async function startPipelineFixture(options: {
	timeZone: string;
	numberPrefix: string;
	zoho?: ZohoSandboxOptions;
}): Promise<PipelineFixture> {
	const sandbox = await startSandbox({
		port: 0,
		zoho: { ...options.zoho, timeZone: options.timeZone },
	});
	const api = new SandboxApi(sandbox.url);
	const pipeline = await SyncPipeline.start({
		zohoCredential: await connectZohoCredential(sandbox.url),
		timelinesApiBase: sandbox.timelines.apiBase,
		timelinesToken: sandbox.timelines.token,
	});
	const file = ++fileCounter;
	let credentials = 0;
	let numbers = 0;
	return {
		sandbox,
		api,
		pipeline,
		use: (parameters) =>
			pipeline.configure({ zohoCredentialId: `zoho-${file}-${++credentials}`, parameters }),
		newNumber: () => `${options.numberPrefix}${String(++numbers).padStart(4, '0')}`,
		orgDay: (instant) =>
			(typeof instant === 'string' ? DateTime.fromISO(instant) : instant)
				.setZone(options.timeZone)
				.toFormat('dd/MM/yyyy'),
		todayTimestamps: (count) => {
			const now = DateTime.now().setZone(options.timeZone);
			const start = DateTime.max(now.minus({ minutes: 30 }), now.startOf('day'));
			return Array.from(
				{ length: count },
				(_, i) => start.plus({ seconds: i }).toUTC().toISO() ?? '',
			);
		},
		close: async () => {
			await pipeline.close();
			await sandbox.close();
		},
	};
}

/** How many message lines (one `⟦m:uid time⟧` marker each) a note holds. */
export function messageLines(content: string): number {
	return content.split('⟦m:').length - 1;
}

export function occurrences(haystack: string, needle: string): number {
	return haystack.split(needle).length - 1;
}
