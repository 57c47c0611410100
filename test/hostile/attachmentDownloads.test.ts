/**
 * Issue 14, "SSRF": a delivery naming an attachment URL on an internal address (here a loopback "admin"
 * endpoint on another port, holding a secret) must not make Upsert Daily Note fetch it and upload its answer
 * to Zoho. Only the TimelinesAI credential's API origin or https on TimelinesAI's file hosts are fetched; the
 * message itself still lands, its line in the note, the refused file named.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import {
	startPipelineFixture,
	type PipelineFixture,
} from '../integration/nodes/harness/pipelineFixture';
import { deliver, genuinePayload, notesOfContact } from './hostileDelivery';

let f: PipelineFixture;
let internal: Server;
let internalUrl: string;
const internalHits: string[] = [];
const SECRET = 'internal-admin-secret-never-in-zoho';

beforeAll(async () => {
	f = await startPipelineFixture({ timeZone: 'Europe/London', numberPrefix: '+3461233' });
	internal = createServer((req, res) => {
		internalHits.push(req.url ?? '');
		res.writeHead(302, { location: `${internalUrl}/admin` }).end(SECRET);
	});
	await new Promise<void>((resolve) => internal.listen(0, '127.0.0.1', resolve));
	internalUrl = `http://127.0.0.1:${(internal.address() as AddressInfo).port}`;
});

afterAll(async () => {
	await f?.close();
	await new Promise<void>((resolve) => internal?.close(() => resolve()));
});

beforeEach(() => {
	f.use();
	internalHits.length = 0;
});

describe('attachment URLs from a delivery', () => {
	// Which URLs are refused (IP literals, other hosts, plain http, redirects) is unit-tested with the
	// download (test/unit/nodes/TimelinesAi); here the whole pipeline, against a server that would answer.
	it('an internal address (loopback, another port) is not fetched, and the message still lands', async () => {
		const url = () => `${internalUrl}/admin`;
		const { body, phone } = await genuinePayload(f);
		body.message.text = 'Here is the file';
		body.message.attachments = [{ temporary_download_url: url(), filename: 'x.pdf', size: 10 }];
		const answer = await deliver(f, body);
		expect(answer.status).toBe(200);
		await f.pipeline.settle().catch(() => undefined);

		expect(internalHits).toEqual([]);
		const notes = await notesOfContact(f, phone);
		expect(notes.join('\n')).toContain('Here is the file');
		const [lead] = await f.api.recordsWhere('Leads', 'Mobile', phone);
		for (const note of await f.api.notesOf('Leads', lead.id))
			expect(await f.api.attachmentsOf('Notes', note.id)).toEqual([]);
	});
});
