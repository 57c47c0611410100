import { readFileSync } from 'node:fs';
import path from 'node:path';

import { TimelinesAiLiveChatLinkApi } from '../../../../credentials/TimelinesAiLiveChatLinkApi.credentials';
import type { ICredentialTestFunctions } from 'n8n-workflow';

import { TimelinesAiLiveChat } from '../../../../nodes/TimelinesAiLiveChat/TimelinesAiLiveChat.node';
import { LiveChatConfigError } from '../../../../nodes/TimelinesAiLiveChat/liveChatConfig';
import {
	linkSecretFromCredential,
	liveChatLinkSecretTest,
	type LinkSecretSource,
} from '../../../../nodes/TimelinesAiLiveChat/liveChatLinkSecret';

describe('the live chat link secret is a credential', () => {
	const credential = new TimelinesAiLiveChatLinkApi();
	const node = new TimelinesAiLiveChat().description;

	it('holds the secret in a required password field (n8n encrypts and redacts it)', () => {
		expect(credential.properties).toEqual([
			expect.objectContaining({
				name: 'linkSecret',
				type: 'string',
				typeOptions: { password: true },
				required: true,
			}),
		]);
	});

	it('is required by the node, which no longer has a secret parameter', () => {
		expect(node.credentials).toContainEqual(
			expect.objectContaining({ name: credential.name, required: true }),
		);
		const names = JSON.stringify(node.properties.map((property) => property.name));
		expect(names).not.toContain('linkSecret');
	});

	it('is registered in package.json like the other credentials', () => {
		const manifest = JSON.parse(
			readFileSync(path.join(__dirname, '../../../../package.json'), 'utf8'),
		) as { n8n: { credentials: string[] } };
		expect(manifest.n8n.credentials).toContain(
			'dist/credentials/TimelinesAiLiveChatLinkApi.credentials.js',
		);
	});

	it("is tested in the editor by checking the secret's length (it calls no API)", async () => {
		// The test function reads only the credential: no n8n context is involved.
		const test = (linkSecret: string) =>
			liveChatLinkSecretTest.call({} as ICredentialTestFunctions, {
				id: '1',
				name: 'link',
				type: credential.name,
				data: { linkSecret },
			});
		await expect(test('short')).resolves.toEqual({
			status: 'Error',
			message: expect.stringContaining('has 5 characters; use at least 16'),
		});
		await expect(test('0123456789abcdef')).resolves.toMatchObject({ status: 'OK' });
	});

	describe('reading the secret for a request', () => {
		// The two calls the node makes of n8n's webhook context, answered as n8n would.
		const source = (
			credentials: Record<string, { id: string; name: string }> | undefined,
			stored: () => Promise<Record<string, unknown>>,
		) =>
			({
				getNode: () => ({ credentials }),
				getCredentials: stored,
			}) as unknown as LinkSecretSource;
		const ref = { timelinesAiLiveChatLinkApi: { id: '7', name: 'Link' } };

		it('returns the secret stored in the selected credential', async () => {
			await expect(
				linkSecretFromCredential(source(ref, async () => ({ linkSecret: 's'.repeat(32) }))),
			).resolves.toBe('s'.repeat(32));
		});

		it('names the credential to create when a workflow from before the move has none', async () => {
			const read = linkSecretFromCredential(
				source({ zohoCrmOrgOAuth2Api: { id: '1', name: 'Zoho' } }, async () => ({})),
			);
			await expect(read).rejects.toThrow(LiveChatConfigError);
			await expect(read).rejects.toThrow(
				/no "TimelinesAI Live Chat Link API" credential.*select it in the node/,
			);
		});

		it('says so when the selected credential cannot be read, or its secret is too short', async () => {
			await expect(
				linkSecretFromCredential(
					source(ref, async () => {
						throw new Error('Credential with ID "7" does not exist for type "x".');
					}),
				),
			).rejects.toThrow(/cannot be read \(Credential with ID "7" does not exist/);
			await expect(
				linkSecretFromCredential(source(ref, async () => ({ linkSecret: 'short' }))),
			).rejects.toThrow(/has 5 characters; use at least 16/);
		});
	});
});
