import dns from 'node:dns';

import nock from 'nock';

import { refusedDownloadUrl } from '../../../../nodes/shared/transport/timelinesai/attachmentDownload';
import { BASE_URL, runTimelinesAi } from './runTimelinesAi';
import { api, ok, setUpNock, timelinesApi } from './timelinesApi';

setUpNock();

const S3 = 'https://tl-files.s3.amazonaws.com';
// A name n8n's DNS cache sees only in the test that resolves it to a private address.
const VPC = 'https://vpc-files.s3.amazonaws.com';
const PDF = Buffer.from('%PDF-1.4 the quote');

function message(attachmentUrl: string | null) {
	return {
		uid: 'msg-1',
		chat_id: 42,
		text: null,
		has_attachment: attachmentUrl !== null,
		attachment_url: attachmentUrl,
		attachment_filename: 'quote.pdf',
	};
}

const downloadAttachment = (messageUid = 'msg-1') =>
	runTimelinesAi({
		typeVersion: 2,
		parameters: {
			resource: 'message',
			operation: 'downloadAttachment',
			messageUid,
			binaryPropertyName: 'file',
		},
	});

describe('TimelinesAI node — Download Attachment', () => {
	it("fetches the message for a fresh link, then the file's bytes into the binary field, without the token", async () => {
		const scope = timelinesApi()
			.get(api('/messages/msg-1'))
			.reply(200, ok(message(`${S3}/att/quote.pdf?X-Amz-Signature=abc`)));
		const files = nock(S3, { badheaders: ['authorization'] })
			.get('/att/quote.pdf')
			.query({ 'X-Amz-Signature': 'abc' })
			.reply(200, PDF, { 'Content-Type': 'application/pdf' });

		const [item] = await downloadAttachment();

		expect(item.json).toEqual(message(`${S3}/att/quote.pdf?X-Amz-Signature=abc`));
		expect(item.binary?.file).toMatchObject({
			fileName: 'quote.pdf',
			mimeType: 'application/pdf',
			fileSize: expect.any(String),
		});
		expect(Buffer.from(item.binary?.file.data ?? '', 'base64')).toEqual(PDF);
		expect(scope.isDone() && files.isDone()).toBe(true);
	});

	it('follows a redirect to the storage host, checking the new host too', async () => {
		timelinesApi()
			.get(api('/messages/msg-1'))
			.reply(200, ok(message('https://app.timelines.ai/files/f1/download')));
		nock('https://app.timelines.ai')
			.get('/files/f1/download')
			.reply(302, '', { Location: `${S3}/att/f1` });
		const files = nock(S3).get('/att/f1').reply(200, PDF);

		const [item] = await downloadAttachment();
		expect(Buffer.from(item.binary?.file.data ?? '', 'base64')).toEqual(PDF);
		expect(files.isDone()).toBe(true);
	});

	it('refuses a redirect to an internal address and never requests it', async () => {
		timelinesApi()
			.get(api('/messages/msg-1'))
			.reply(200, ok(message('https://app.timelines.ai/files/f1/download')));
		nock('https://app.timelines.ai')
			.get('/files/f1/download')
			.reply(302, '', { Location: 'http://169.254.169.254/latest/meta-data/' });
		const metadata = nock('http://169.254.169.254').get(/.*/).reply(200, 'secret');

		await expect(downloadAttachment()).rejects.toThrow(/Refused to download.*not https/);
		expect(metadata.isDone()).toBe(false);
	});

	it('refuses a file host whose name resolves to a private address (after DNS), on the first hop or a redirect', async () => {
		// An allowed name (an *.amazonaws.com host can point inside a VPC) resolving to 10.0.0.7: n8n's egress
		// filter resolves it before any connection, and the download never starts.
		const lookup = jest
			.spyOn(dns.promises, 'lookup')
			.mockImplementation((async (hostname: string) =>
				hostname === 'vpc-files.s3.amazonaws.com'
					? [{ address: '10.0.0.7', family: 4 }]
					: [{ address: '203.0.114.9', family: 4 }]) as unknown as typeof dns.promises.lookup);
		try {
			timelinesApi()
				.get(api('/messages/msg-1'))
				.reply(200, ok(message('https://app.timelines.ai/files/f1/download')));
			const first = nock('https://app.timelines.ai')
				.get('/files/f1/download')
				.reply(302, '', { Location: `${VPC}/att/f1` });
			const files = nock(VPC).get('/att/f1').reply(200, PDF);

			await expect(downloadAttachment()).rejects.toThrow(
				/Refused to download https:\/\/vpc-files\.s3\.amazonaws\.com: it resolves to a private/,
			);
			expect(first.isDone()).toBe(true); // the public first hop was fetched
			expect(files.isDone()).toBe(false); // the private one never was
			expect(lookup).toHaveBeenCalled();
		} finally {
			lookup.mockRestore();
			nock.cleanAll();
		}
	});

	it('says so when the message has no attachment', async () => {
		timelinesApi()
			.get(api('/messages/msg-1'))
			.reply(200, ok(message(null)));
		await expect(downloadAttachment()).rejects.toThrow('Message msg-1 has no attachment');
	});

	it('explains a 403 from an expired link', async () => {
		timelinesApi()
			.get(api('/messages/msg-1'))
			.reply(200, ok(message(`${S3}/att/old`)));
		nock(S3).get('/att/old').reply(403, 'AccessDenied');
		await expect(downloadAttachment()).rejects.toThrow(/403 \(temporary links expire/);
	});
});

describe('TimelinesAI node — File → Download', () => {
	it('gets a fresh temporary_download_url and outputs the file without the link', async () => {
		const scope = timelinesApi()
			.get(api('/files/file-1'))
			.reply(
				200,
				ok({
					uid: 'file-1',
					filename: 'photo.jpg',
					size: 4,
					temporary_download_url: `${S3}/f/photo.jpg?sig=1`,
				}),
			);
		nock(S3)
			.get('/f/photo.jpg')
			.query({ sig: '1' })
			.reply(200, Buffer.from([1, 2, 3, 4]), {
				'Content-Type': 'image/jpeg; charset=binary',
			});
		const [item] = await runTimelinesAi({
			parameters: { resource: 'file', operation: 'download', fileUid: 'file-1' },
		});
		expect(item.json).toEqual({ uid: 'file-1', filename: 'photo.jpg', size: 4 });
		expect(item.binary?.data).toMatchObject({ fileName: 'photo.jpg', mimeType: 'image/jpeg' });
		expect(Buffer.from(item.binary?.data.data ?? '', 'base64')).toEqual(Buffer.from([1, 2, 3, 4]));
		expect(scope.isDone()).toBe(true);
	});
});

describe('refusedDownloadUrl', () => {
	const base = 'http://127.0.0.1:4010/integrations/api';
	it.each([
		[`${S3}/a`, BASE_URL],
		['https://files.timelines.ai/a?sig=1', BASE_URL],
		['http://127.0.0.1:4010/integrations/api/files/x/download', base],
	])('allows %s (base %s)', (url, baseUrl) => {
		expect(refusedDownloadUrl(url, baseUrl)).toBeUndefined();
	});
	it.each([
		['http://tl-files.s3.amazonaws.com/a', 'it is not https'],
		['https://evil.example/a', 'evil.example is not a TimelinesAI file host'],
		['https://timelines.ai.evil.example/a', 'is not a TimelinesAI file host'],
		['https://127.0.0.1/a', 'is not a TimelinesAI file host'],
		['https://[::1]/a', 'is not a TimelinesAI file host'],
		['https://10.0.0.5/a', 'is not a TimelinesAI file host'],
		['http://127.0.0.1:5678/rest/login', 'it is not https'],
		['https://user:pw@files.timelines.ai/a', 'it carries credentials'],
		['not a url', 'it is not a URL'],
	])('refuses %s', (url, reason) => {
		expect(refusedDownloadUrl(url, base)).toContain(reason);
	});
});
