/**
 * Issue 14, "SSRF": every attachment URL form an attacker tried, delivered to the TimelinesAI Trigger of the
 * bundled workflow (harness nodes against the sandbox). An internal server on loopback counts every TCP
 * connection it gets: none may arrive, whatever spelling of its address the payload uses. The message
 * itself lands (its line in the note, the refused file named), and no file reaches Zoho.
 * A redirect from an allowed host to an internal one is replayed with the download itself, in
 * test/unit/nodes/TimelinesAi/downloadAttachment.test.ts (the sandbox never redirects).
 */
import { randomUUID } from 'node:crypto';
import dns from 'node:dns';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import {
	startPipelineFixture,
	type PipelineFixture,
} from '../integration/nodes/harness/pipelineFixture';
import type { Execution } from '../integration/nodes/harness/syncPipeline';
import { noteUids } from '../../nodes/shared/domain/noteContent';
import { deliver, genuinePayload, notesOfContact, type Payload } from './hostileDelivery';

let f: PipelineFixture;
let internal: Server;
let port = 0;
let connections = 0;
const SECRET = 'internal-admin-secret-never-in-zoho';

beforeAll(async () => {
	f = await startPipelineFixture({ timeZone: 'Europe/London', numberPrefix: '+3461235' });
	internal = createServer((_req, res) => res.end(SECRET));
	internal.on('connection', () => (connections += 1));
	// Every local interface (IPv4 and IPv6 loopback), as an admin endpoint bound to 0.0.0.0 would be.
	await new Promise<void>((resolve) => internal.listen(0, '::', resolve));
	port = (internal.address() as AddressInfo).port;
});

afterAll(async () => {
	await f?.close();
	internal?.closeAllConnections();
	await new Promise<void>((resolve) => internal?.close(() => resolve()));
});

beforeEach(() => {
	f.use();
	connections = 0;
});

/** The Upsert Daily Note items of the executions, as n8n would output them. */
function noteItems(executions: Execution[]): Array<Record<string, unknown>> {
	return executions.flatMap((execution) => execution.notes.map((item) => item.json));
}

/** What the item says about files it did not upload (`note.attachmentsSkipped` or at the top). */
function skippedOf(item: Record<string, unknown>): Array<{ filename: string; reason: string }> {
	const note = (item.note ?? item) as { attachmentsSkipped?: unknown };
	return (note.attachmentsSkipped ?? []) as Array<{ filename: string; reason: string }>;
}

async function zohoFilesOf(phone: string): Promise<unknown[]> {
	const [lead] = await f.api.recordsWhere('Leads', 'Mobile', phone);
	const files: unknown[] = [];
	for (const note of await f.api.notesOf('Leads', lead.id))
		files.push(...(await f.api.attachmentsOf('Notes', note.id)));
	return files;
}

/** Delivers one message with these attachment URLs; returns what Upsert Daily Note output. */
async function deliverAttachments(urls: string[]) {
	const { body, phone } = await genuinePayload(f);
	body.message.text = 'Here are the files';
	body.message.attachments = urls.map((url, index) => ({
		temporary_download_url: url,
		filename: `file${index}.pdf`,
		size: 10,
	}));
	const answer = await deliver(f, body);
	expect(answer.status).toBe(200);
	const executions = await f.pipeline.settle();
	return { phone, uid: String(body.message.message_uid), items: noteItems(executions) };
}

describe('attachment URLs naming an internal address', () => {
	it.each([
		['loopback', () => `http://127.0.0.1:${port}/admin`],
		['loopback over https', () => `https://127.0.0.1:${port}/admin`],
		['localhost by name', () => `http://localhost:${port}/admin`],
		['IPv6 loopback', () => `http://[::1]:${port}/admin`],
		['IPv4-mapped IPv6 loopback', () => `https://[::ffff:127.0.0.1]:${port}/admin`],
		['the decimal form of 127.0.0.1', () => `http://2130706433:${port}/admin`],
		['the hex/short form 0x7f.1', () => `http://0x7f.1:${port}/admin`],
		['the octal form 0177.0.0.1', () => `https://0177.0.0.1:${port}/admin`],
		['0.0.0.0', () => `http://0.0.0.0:${port}/admin`],
		['cloud metadata (link-local)', () => 'http://169.254.169.254/latest/meta-data/'],
		['a private network address over https', () => 'https://10.0.0.5/admin'],
	])('%s: never fetched, the message lands, the file is named', async (_, url) => {
		const { phone, uid, items } = await deliverAttachments([url()]);
		expect(connections).toBe(0);
		const notes = await notesOfContact(f, phone);
		expect(notes.join('\n')).toContain('Here are the files');
		expect(notes.join('\n')).toContain('file0.pdf');
		expect(notes.join('\n')).not.toContain(SECRET);
		expect(await zohoFilesOf(phone)).toEqual([]);
		expect(items).toHaveLength(1);
		expect(JSON.stringify(items[0])).toContain(uid.slice(0, 8));
		expect(skippedOf(items[0]).map((skip) => skip.filename)).toEqual(['file0.pdf']);
	});

	it('an allowed file host whose name resolves to a loopback address is never connected to', async () => {
		// A name no other test resolves: n8n's egress filter caches lookups by name.
		const host = `hostile-${Date.now()}.s3.amazonaws.com`;
		const real = dns.promises.lookup.bind(dns.promises);
		const lookup = jest
			.spyOn(dns.promises, 'lookup')
			.mockImplementation(((name: string, options?: unknown) =>
				name === host
					? Promise.resolve([{ address: '127.0.0.1', family: 4 }])
					: (real as (n: string, o?: unknown) => Promise<unknown>)(
							name,
							options,
						)) as typeof dns.promises.lookup);
		// The connection's own lookup answers the same: were the name let through, it would reach the server.
		const realCallback = dns.lookup.bind(dns);
		const connectLookup = jest.spyOn(dns, 'lookup').mockImplementation(((
			name: string,
			options: unknown,
			callback?: (...args: unknown[]) => void,
		) => {
			const done = (callback ?? options) as (...args: unknown[]) => void;
			if (name !== host)
				return (realCallback as (...args: unknown[]) => void)(name, options, callback);
			const all = typeof options === 'object' && (options as { all?: boolean }).all;
			if (all) done(null, [{ address: '127.0.0.1', family: 4 }]);
			else done(null, '127.0.0.1', 4);
		}) as unknown as typeof dns.lookup);
		try {
			const { phone, items } = await deliverAttachments([`https://${host}:${port}/admin`]);
			expect(lookup.mock.calls.some(([name]) => name === host)).toBe(true);
			expect(connections).toBe(0);
			expect((await notesOfContact(f, phone)).join('\n')).toContain('file0.pdf');
			expect(await zohoFilesOf(phone)).toEqual([]);
			expect(skippedOf(items[0]).map((skip) => skip.filename)).toEqual(['file0.pdf']);
		} finally {
			lookup.mockRestore();
			connectLookup.mockRestore();
		}
	});
});

describe('10,000 attachments in one message', () => {
	it('lands the message, uploads Max Attachments per Message files and names the rest, without error', async () => {
		// 25 real files first (TimelinesAI's own links, here the sandbox's), then 9,975 names on a short link.
		const phone = f.newNumber();
		await f.api.simulateMessage({
			phone,
			name: 'Many Files',
			text: 'a real file',
			attachments: [{ filename: 'real.pdf', size: 10 }],
		});
		await f.pipeline.settle();
		const genuine = structuredClone(f.pipeline.received.at(-1)?.body) as Payload;
		const [real] = genuine.message.attachments as Array<{ temporary_download_url: string }>;
		genuine.message.message_uid = randomUUID();
		genuine.message.text = 'ten thousand files';
		genuine.message.attachments = Array.from({ length: 10_000 }, (_, index) => ({
			temporary_download_url:
				index < 25 ? real.temporary_download_url : `https://x.example/${index}`,
			filename: `f${index}.pdf`,
			size: 10,
		}));
		const answer = await deliver(f, genuine);
		expect(answer.status).toBe(200);
		const executions = await f.pipeline.settle();

		const note = (await notesOfContact(f, phone)).join('\n');
		expect(noteUids(note).has(String(genuine.message.message_uid))).toBe(true);
		expect(note).toContain('ten thousand files');
		expect(note).not.toMatch(/concurrent edits/i);
		// real.pdf of the first message, then f0…f19 of this one.
		const files = (await zohoFilesOf(phone)) as Array<{ File_Name: string }>;
		expect(files.map((file) => file.File_Name).sort()).toEqual(
			['real.pdf', ...Array.from({ length: 20 }, (_, index) => `f${index}.pdf`)].sort(),
		);
		expect(connections).toBe(0);
		const [item] = noteItems(executions);
		expect(skippedOf(item)).toHaveLength(9980);
		expect(JSON.stringify(item)).not.toMatch(/concurrent edits/i);
	}, 30_000);
});
