// Prints a signed live-chat link, the same one the Zoho button's Deluge function opens:
//   npm run chat-link -- <module> <recordId> <userEmail> [lifetimeSeconds]
// Secret and page URL: env CHAT_LINK_SECRET / CHAT_VIEW_URL, else .sandbox/endpoints.json
// (`chatLinkSecret`, `chatViewUrl`, written by `npm start`, owner-only). In n8n the secret is the live chat
// node's "TimelinesAI Live Chat Link API" credential; the workflow JSON holds none. A link opens in the
// first browser that uses it (a reload there works); print a new one for another browser.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { chatLinkQueryString } from '../nodes/TimelinesAiLiveChat/chat/session/chatLinkQuery';

interface Endpoints {
	chatLinkSecret?: unknown;
	chatViewUrl?: unknown;
}

function readEndpoints(): Endpoints {
	const file = join(process.cwd(), '.sandbox', 'endpoints.json');
	if (!existsSync(file)) return {};
	const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
	return typeof parsed === 'object' && parsed !== null ? (parsed as Endpoints) : {};
}

function main(): number {
	const [module, recordId, userEmail, lifetimeArgument] = process.argv.slice(2);
	if (!module || !recordId || !userEmail) {
		console.error('usage: npm run chat-link -- <module> <recordId> <userEmail> [lifetimeSeconds]');
		return 2;
	}
	const endpoints = readEndpoints();
	const secret =
		process.env.CHAT_LINK_SECRET ??
		(typeof endpoints.chatLinkSecret === 'string' ? endpoints.chatLinkSecret : '');
	const viewUrl =
		process.env.CHAT_VIEW_URL ??
		(typeof endpoints.chatViewUrl === 'string' ? endpoints.chatViewUrl : '');
	if (!secret || !viewUrl) {
		console.error(
			'No link secret / chat view URL: set CHAT_LINK_SECRET and CHAT_VIEW_URL, or run `npm start` first (.sandbox/endpoints.json).',
		);
		return 1;
	}
	const lifetime = lifetimeArgument ? Number(lifetimeArgument) : 600;
	if (!Number.isInteger(lifetime) || lifetime <= 0) {
		console.error(`lifetimeSeconds must be a positive integer, got "${lifetimeArgument}"`);
		return 2;
	}
	const expiresAt = Math.floor(Date.now() / 1000) + lifetime;
	console.log(
		`${viewUrl}?${chatLinkQueryString({ module, recordId, userEmail, expiresAt }, secret)}`,
	);
	return 0;
}

process.exitCode = main();
