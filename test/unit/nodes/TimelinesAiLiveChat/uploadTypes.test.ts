import {
	isAllowedUploadType,
	parseAllowedUploadTypes,
} from '../../../../nodes/TimelinesAiLiveChat/chat/actions/uploadTypes';
import { handleChatRequest } from '../../../../nodes/TimelinesAiLiveChat/chat/actions/handleChatRequest';
import {
	liveChatConfig,
	LiveChatConfigError,
} from '../../../../nodes/TimelinesAiLiveChat/liveChatConfig';
import { chatConfig, dependencies, request, seededBackend, signedQuery } from './chatFixtures';

describe('upload types', () => {
	it.each([
		'image/png\r\nX-Injected: 1',
		'image/png\nContent-Disposition: form-data; name="other"',
		'image/png; charset=utf-8',
		'image/ png',
		'image/"png"',
		'image/',
		'/png',
		'image',
		`image/${'a'.repeat(128)}`,
	])('refuses the malformed type %j even when image/* or */* is allowed', (type) => {
		expect(isAllowedUploadType(type, ['image/*', '*/*'])).toBe(false);
	});

	it('matches exact types and type/* patterns case-insensitively, and */* any well-formed type', () => {
		expect(isAllowedUploadType('IMAGE/PNG', ['image/*'])).toBe(true);
		expect(isAllowedUploadType('application/vnd.ms-excel', ['application/vnd.ms-excel'])).toBe(
			true,
		);
		expect(isAllowedUploadType('application/pdf', ['image/*'])).toBe(false);
		expect(isAllowedUploadType('imagex/png', ['image/*'])).toBe(false);
		expect(isAllowedUploadType('application/x-7z-compressed', ['*/*'])).toBe(true);
	});

	it('reads the option strictly and names the entries that are not types', () => {
		expect(parseAllowedUploadTypes(' image/* , application/PDF,,*/*')).toEqual({
			types: ['image/*', 'application/pdf', '*/*'],
			invalid: [],
		});
		expect(parseAllowedUploadTypes('image/png, text/*; q=1, */png, *').invalid).toEqual([
			'text/*; q=1',
			'*/png',
			'*',
		]);
	});

	it('refuses to serve a node whose option holds an entry that is not a type', () => {
		const parameters = {
			maxLinkLifetimeMinutes: 15,
			defaultCountry: '',
			allowedModules: ['Leads'],
			signInWithZoho: false,
			options: { allowedUploadTypes: 'image/png, image/*\r\nX-A: b' },
		};
		expect(() => liveChatConfig(parameters, 'secret')).toThrow(LiveChatConfigError);
		expect(() => liveChatConfig(parameters, 'secret')).toThrow(
			/Allowed Upload Types holds "image\/\*\\r\\nX-A: b"/,
		);
	});

	it('answers 415 to an upload whose type would inject a header, and sends nothing to TimelinesAI', async () => {
		const backend = seededBackend();
		const deps = dependencies(backend, chatConfig({ allowedUploadTypes: ['image/*'] }));
		const page = await handleChatRequest(request({ query: signedQuery() }), deps);
		const cookie = page.headers['Set-Cookie'].split(';')[0];
		const csrf = /"csrfToken":"([^"]+)"/.exec(String(page.body))?.[1] ?? '';
		const response = await handleChatRequest(
			request({
				method: 'POST',
				query: { action: 'upload' },
				headers: { cookie, 'x-csrf-token': csrf },
				body: {
					filename: 'a.png',
					mimetype: 'image/png\r\nX-Injected: 1',
					dataBase64: Buffer.from('x').toString('base64'),
				},
			}),
			deps,
		);
		expect(response.status).toBe(415);
		expect(String(response.body)).not.toContain('X-Injected');
		expect(backend.files.size).toBe(0);
	});
});
