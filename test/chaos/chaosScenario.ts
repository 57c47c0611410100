// One chaos run: messages sent over time while n8n is SIGKILLed and started again, TimelinesAI drops a
// share of deliveries, Zoho answers 429/500 and expires its tokens once, and a person deletes today's note
// of the busiest contact. Nothing is retried by hand: the run waits until every message is in Zoho once
// (the redelivery guard, the catch-up trigger and the note merge have to get there on their own).
import { SANDBOX_STATIC_ACCESS_TOKEN } from '../../sandbox';
import type { LoadStack } from '../load/loadScenario';
import { waitFor } from '../e2e/harness/waitFor';
import { syncLogReader, type SyncLogReader } from '../../scripts/lib/catchUpSetup';

/** The sync log's rows of one message (outcome, source, reason, createdAt): where it stopped. */
async function syncLogRowsOf(readLog: SyncLogReader, uid: string): Promise<unknown[]> {
	const rows = await readLog({ columnName: 'uid', condition: 'eq', value: uid });
	return rows.map(({ outcome, source, reason, createdAt, settled_uid }) => ({
		outcome,
		source,
		reason: typeof reason === 'string' ? reason.slice(0, 160) : reason,
		createdAt,
		settled: Boolean(settled_uid),
	}));
}

/** A stack the chaos can crash: single process (the main) or queue mode (main and a worker). */
export interface ChaosStack extends LoadStack {
	/** What a crash kills, in the order the run does it (main first, then in queue mode a worker). */
	crashes: Array<{ what: string; kill(): Promise<void>; restart(): Promise<void> }>;
}

export interface ChaosSettings {
	label: string;
	messages: number;
	contacts: number;
	/** Contacts not yet in Zoho (the pipeline creates their lead). */
	newContacts: number;
	/** Share of the messages that go to contact 0, the busiest one. */
	busyShare: number;
	/** The messages are spread evenly over this time. */
	sendSeconds: number;
	/** When each crash happens (share of the messages sent), one entry per `crashes` entry. */
	crashAt: number[];
	/** How long a killed process stays down before it is started again. */
	downSeconds: number;
	tokenExpiryAt: number;
	noteDeleteAt: number;
	dropDeliveryRate: number;
	zohoFaults: { rate429: number; rate500: number };
	/** Zoho answers 500 to every call from this share of the messages on, for this long (past the last send):
	 * the last messages of their chats fail in their webhook execution and in a catch-up pass. */
	zohoOutage: { at: number; seconds: number };
	recoveryDeadlineSeconds: number;
}

export interface ChaosResult {
	label: string;
	sent: number;
	/** Deliveries TimelinesAI never sent (dropDeliveryRate) */
	dropped: number;
	/** Failed webhook attempts (n8n down, timeouts), retries included */
	failedAttempts: number;
	/** Note lines a person deleted with the busiest contact's note (not counted as lost) */
	deletedWithNote: number;
	missingAtLastSend: number;
	lost: number;
	doubled: number;
	duplicateRecords: number;
	executions: Record<string, number>;
	/** Messages sent after main's restart, and webhook deliveries n8n took after it */
	sentAfterRestart: number;
	deliveredAfterRestart: number;
	/** Catch-up executions that started after main's restart */
	catchUpRunsAfterRestart: number;
	/** Seconds from the last send / from the last restart until every message was in Zoho; undefined = never */
	recoveredAfterLastSend?: number;
	recoveredAfterRestart?: number;
	/** Per crash: seconds from the kill until the process answered again */
	downtime: Array<{ what: string; seconds: number }>;
	zohoCredits: number;
	seconds: number;
}

const phoneOf = (index: number): string => `+4477009${String(20000 + index).slice(1)}`; // Ofcom drama range
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const seconds = (ms: number) => Math.round(ms / 100) / 10;

function lineCounts(stack: LoadStack, uids: string[]): Map<string, number> {
	const text = stack.sandbox.zoho
		.notes()
		.map((note) => String(note.Note_Content))
		.join('\n');
	return new Map(uids.map((uid) => [uid, text.split(`⟦m:${uid} `).length - 1]));
}

/** The uids of the note lines in this text. */
function uidsIn(text: string): string[] {
	return [...text.matchAll(/⟦m:(\S+) /g)].map((match) => match[1]);
}

/**
 * A person deletes the contact's note of today in Zoho (DELETE /Notes/{id}, as the CRM's UI does), once the
 * pipeline has written it; the note's lines are returned (gone by a person's decision, not lost).
 */
async function deleteTodaysNote(stack: LoadStack, phone: string): Promise<string[]> {
	const note = await waitFor(
		`a note of ${phone} to delete`,
		async () => {
			const lead = stack.sandbox.zoho.records('Leads').find((r) => r.Mobile === phone);
			return lead ? stack.sandbox.zoho.notesOf('Leads', String(lead.id)).at(-1) : undefined;
		},
		120_000,
		500,
	);
	const lines = uidsIn(String(note.Note_Content));
	// The Zoho faults apply to a person's calls too: try again until Zoho says it is gone.
	for (let attempt = 1; ; attempt++) {
		const response = await fetch(`${stack.sandbox.url}/crm/v8/Notes/${String(note.id)}`, {
			method: 'DELETE',
			headers: { authorization: `Zoho-oauthtoken ${SANDBOX_STATIC_ACCESS_TOKEN}` },
		});
		if (response.ok) break;
		if (attempt >= 20) throw new Error(`DELETE note → ${response.status}`);
		await delay(250);
	}
	// What the note held when it went (a write racing the delete may have added lines just before).
	return lines;
}

export async function runChaos(stack: ChaosStack, settings: ChaosSettings): Promise<ChaosResult> {
	const started = Date.now();
	const log = (line: string) => console.log(`    [${seconds(Date.now() - started)} s] ${line}`);
	const creditsBefore = stack.sandbox.zoho.credits().used;
	const phones = Array.from({ length: settings.contacts }, (_, i) => phoneOf(i));
	for (const phone of phones.slice(settings.newContacts))
		stack.sandbox.zoho.createRecord('Leads', {
			First_Name: 'Known',
			Last_Name: phone.slice(-4),
			Mobile: phone,
			Lead_Source: 'Web Research',
		});
	// The busiest contact is a known lead (its note exists to be deleted); the others share the rest.
	const busy = phones[settings.newContacts];
	const others = phones.filter((phone) => phone !== busy);
	const busyEvery = Math.max(1, Math.round(1 / settings.busyShare));
	const phoneFor = (i: number) => (i % busyEvery === 0 ? busy : others[i % others.length]);

	await stack.client.setTimelinesFaults({ dropDeliveryRate: settings.dropDeliveryRate });
	await stack.client.setZohoFaults(settings.zohoFaults);
	const uids: string[] = [];
	const sends: Array<Promise<void>> = [];
	const events: Array<Promise<void>> = [];
	const downtime: ChaosResult['downtime'] = [];
	let deleted: string[] = [];
	let lastRestart = 0;
	let crashed: Promise<void> = Promise.resolve();
	let mainBack = 0;
	const sentAt: number[] = [];
	const at = (share: number) =>
		Math.min(settings.messages - 1, Math.floor(share * settings.messages));
	const stepMs = (settings.sendSeconds * 1000) / settings.messages;
	for (let i = 0; i < settings.messages; i++) {
		const due = started + i * stepMs;
		if (due > Date.now()) await delay(due - Date.now());
		const phone = phoneFor(i);
		sends.push(
			stack.client
				.simulateMessage({ phone, name: `Contact ${phone.slice(-4)}`, text: `chaos message ${i}` })
				.then(({ message_uid }) => {
					uids.push(message_uid);
					sentAt.push(Date.now());
				}),
		);
		settings.crashAt.forEach((share, c) => {
			if (i !== at(share)) return;
			const crash = stack.crashes[c];
			// One crash at a time: a later one waits until the one before is back (and 10 s more).
			const previous = crashed;
			crashed = (async () => {
				if (c > 0) {
					await previous;
					await delay(10_000);
				}
				const killed = Date.now();
				await crash.kill();
				log(`SIGKILL ${crash.what}; down for ${settings.downSeconds} s`);
				await delay(settings.downSeconds * 1000);
				await crash.restart();
				lastRestart = Date.now();
				if (c === 0) mainBack = lastRestart;
				downtime.push({ what: crash.what, seconds: seconds(lastRestart - killed) });
				log(`${crash.what} ready again (${seconds(lastRestart - killed)} s after the kill)`);
			})();
			events.push(crashed);
		});
		if (i === at(settings.zohoOutage.at))
			events.push(
				(async () => {
					await stack.client.setZohoFaults({ rate429: 0, rate500: 1 });
					log(`Zoho down (500 to every call) for ${settings.zohoOutage.seconds} s`);
					await delay(settings.zohoOutage.seconds * 1000);
					await stack.client.setZohoFaults(settings.zohoFaults);
					log('Zoho back (the faults as before)');
				})(),
			);
		if (i === at(settings.tokenExpiryAt)) {
			await stack.client.setZohoFaults({ expireTokens: true });
			log('Zoho expired every access token');
		}
		if (i === at(settings.noteDeleteAt))
			events.push(
				deleteTodaysNote(stack, busy).then((lines) => {
					deleted = lines;
					log(`a person deleted today's note of the busiest contact (${lines.length} lines)`);
				}),
			);
	}
	await Promise.all(sends);
	const lastSend = Date.now();
	log(`last message sent (${uids.length})`);
	let eventsDone = false;
	const allEvents = Promise.all(events).finally(() => (eventsDone = true));
	// (Message sends ended: no more to drop.)
	await stack.client.setTimelinesFaults({ dropDeliveryRate: 0 });

	const missingNow = () => {
		const gone = new Set(deleted);
		const counts = lineCounts(stack, uids);
		return uids.filter((uid) => !gone.has(uid) && counts.get(uid) === 0).length;
	};
	const missingAtLastSend = missingNow();
	// Recovery with nobody acting: poll Zoho until every message has its line and every killed process is
	// back (the Zoho faults stay on).
	const deadline = Date.now() + settings.recoveryDeadlineSeconds * 1000;
	let recoveredAt: number | undefined;
	let lastReported = -1;
	while (Date.now() < deadline) {
		const missing = missingNow();
		if (missing === 0 && eventsDone) {
			recoveredAt = Date.now();
			break;
		}
		if (missing !== lastReported) log(`${missing} message(s) not in Zoho yet`);
		lastReported = missing;
		await delay(1_000);
	}
	await allEvents;
	const expected = uids.filter((uid) => !new Set(deleted).has(uid));
	await stack.client.setZohoFaults({ reset: true });
	// Executions still running may add lines: let them end before counting.
	await waitFor(
		'executions to end',
		async () =>
			!(await stack.rest.executions(stack.pipeline.sync.id)).some(
				(e) => e.status === 'running' || e.status === 'new',
			),
		60_000,
		1_000,
	).catch(() => log('executions still running after 1 min'));
	const counts = lineCounts(stack, uids);
	const lost = expected.filter((uid) => (counts.get(uid) ?? 0) === 0);
	if (lost.length > 0) {
		log(`lost: ${lost.slice(0, 20).join(', ')}`);
		// What the sync log says of each (outcome, source, reason, when): where the message stopped.
		const readLog = await syncLogReader(stack.rest).catch(() => undefined);
		for (const uid of readLog ? lost.slice(0, 5) : [])
			log(
				`  sync log of ${uid}: ${JSON.stringify(await syncLogRowsOf(readLog!, uid).catch(String))}`,
			);
	}
	const listed = await stack.rest.executions(stack.pipeline.sync.id);
	// The catch-up's schedule after main's restart (n8n lists startedAt with each execution).
	const catchUpRunsAfterRestart = listed.filter(
		(e) =>
			e.mode === 'trigger' &&
			Date.parse(String((e as { startedAt?: unknown }).startedAt)) > mainBack,
	).length;
	const executions = listed.reduce<Record<string, number>>(
		(sum, e) => ({ ...sum, [`${e.mode}/${e.status}`]: (sum[`${e.mode}/${e.status}`] ?? 0) + 1 }),
		{},
	);
	const records = stack.sandbox.zoho.records('Leads');
	// After its restart n8n's main re-activates the workflow: its webhook must take deliveries again.
	const sentAfterRestart = sentAt.filter((time) => time > mainBack).length;
	const deliveredAfterRestart = stack.sandbox.timelines
		.deliveries()
		.filter((d) => d.ok && d.event === 'message:new' && Date.parse(d.time) > mainBack).length;
	return {
		label: settings.label,
		sent: uids.length,
		dropped: stack.sandbox.timelines.events.dropped().length,
		failedAttempts: stack.sandbox.timelines
			.webhooks()
			.reduce((sum, w) => sum + (w.failedAttempts ?? 0), 0),
		deletedWithNote: deleted.length,
		missingAtLastSend,
		lost: lost.length,
		doubled: [...counts.values()].filter((n) => n > 1).length,
		duplicateRecords: phones.reduce(
			(sum, phone) => sum + Math.max(0, records.filter((r) => r.Mobile === phone).length - 1),
			0,
		),
		executions,
		sentAfterRestart,
		deliveredAfterRestart,
		catchUpRunsAfterRestart,
		recoveredAfterLastSend: recoveredAt === undefined ? undefined : seconds(recoveredAt - lastSend),
		recoveredAfterRestart:
			recoveredAt === undefined ? undefined : seconds(recoveredAt - lastRestart),
		downtime,
		zohoCredits: stack.sandbox.zoho.credits().used - creditsBefore,
		seconds: seconds(Date.now() - started),
	};
}
