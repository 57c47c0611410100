// Contract cases of files, WhatsApp accounts, the workspace, templates and webhooks.
import { api, contract, upload, type Case } from './timelinesContractFixture';
import { timelines } from './timelinesHttp';

export const otherCases: Case[] = [
	[
		'upload a file',
		'POST',
		'/files_upload',
		200,
		() => upload('price list.csv', 'a,b\n1,2', 'text/csv'),
	],
	[
		'upload without multipart',
		'POST',
		'/files_upload',
		400,
		api('POST', '/files_upload', { file: 'x' }),
	],
	['list files (a bare array)', 'GET', '/files', 200, api('GET', '/files?filename=PDF')],
	[
		'get a file',
		'GET',
		'/files/{file_uid}',
		200,
		() => timelines(contract.sandbox.url, 'GET', `/files/${contract.fileUid}`),
	],
	['get an unknown file', 'GET', '/files/{file_uid}', 404, api('GET', '/files/no-such-file')],
	[
		'delete a file',
		'DELETE',
		'/files/{file_uid}',
		200,
		async () =>
			timelines(
				contract.sandbox.url,
				'DELETE',
				`/files/${(await upload('old.txt', 'old', 'text/plain')).json.data.uid}`,
			),
	],
	[
		'delete an unknown file',
		'DELETE',
		'/files/{file_uid}',
		404,
		api('DELETE', '/files/no-such-file'),
	],
	['WhatsApp accounts', 'GET', '/whatsapp_accounts', 200, api('GET', '/whatsapp_accounts')],
	['workspace and quotas', 'GET', '/workspace', 200, api('GET', '/workspace')],
	['teammates', 'GET', '/workspace/teammates', 200, api('GET', '/workspace/teammates')],
	[
		'the token’s teammate',
		'GET',
		'/workspace/teammates/me',
		200,
		api('GET', '/workspace/teammates/me'),
	],
	['templates', 'GET', '/templates', 200, api('GET', '/templates')],
	['a template', 'GET', '/templates/{template_id}', 200, api('GET', '/templates/1')],
	['an unknown template', 'GET', '/templates/{template_id}', 404, api('GET', '/templates/999')],
	['list webhooks (a bare array)', 'GET', '/webhooks', 200, api('GET', '/webhooks')],
	[
		'create a webhook',
		'POST',
		'/webhooks',
		200,
		api('POST', '/webhooks', { event_type: 'chat:new', url: 'http://127.0.0.1:9/chats' }),
	],
	[
		'create a webhook for a stale event name',
		'POST',
		'/webhooks',
		400,
		api('POST', '/webhooks', { event_type: 'chat:created', url: 'http://127.0.0.1:9/chats' }),
	],
	[
		'get a webhook',
		'GET',
		'/webhooks/{webhook_id}',
		200,
		() => timelines(contract.sandbox.url, 'GET', `/webhooks/${contract.webhookId}`),
	],
	['get an unknown webhook', 'GET', '/webhooks/{webhook_id}', 404, api('GET', '/webhooks/999')],
	[
		'update a webhook',
		'PUT',
		'/webhooks/{webhook_id}',
		200,
		() =>
			timelines(contract.sandbox.url, 'PUT', `/webhooks/${contract.webhookId}`, {
				body: { enabled: false },
			}),
	],
	[
		'update a webhook with an ftp URL',
		'PUT',
		'/webhooks/{webhook_id}',
		400,
		() =>
			timelines(contract.sandbox.url, 'PUT', `/webhooks/${contract.webhookId}`, {
				body: { url: 'ftp://example.com/x' },
			}),
	],
	[
		'delete a webhook',
		'DELETE',
		'/webhooks/{webhook_id}',
		200,
		async () =>
			timelines(
				contract.sandbox.url,
				'DELETE',
				`/webhooks/${(await timelines(contract.sandbox.url, 'POST', '/webhooks', { body: { event_type: 'chat:new', url: 'http://127.0.0.1:9/gone' } })).json.data.id}`,
			),
	],
	[
		'delete an unknown webhook',
		'DELETE',
		'/webhooks/{webhook_id}',
		404,
		api('DELETE', '/webhooks/999'),
	],
];
