// Prints a signed live-chat link, the same one the Zoho button's Deluge function opens:
//   npm run chat-link -- <module> <recordId> <userEmail> [lifetimeSeconds]
// or the Zoho setup in one step, the button's Deluge function with the URL, modules and secret variable
// filled in (the secret itself stays in Zoho's org variable and in the n8n credential):
//   npm run chat-link -- --deluge [--url <chat URL>] [--modules Leads,Contacts] [--lifetime 600]
//                                 [--secret-variable timelinesai_chat_secret]
// Secret and page URL: env CHAT_LINK_SECRET / CHAT_VIEW_URL, else .sandbox/endpoints.json
// (`chatLinkSecret`, `chatViewUrl`, written by `npm start`, owner-only). In n8n the secret is the live chat
// node's "TimelinesAI Live Chat Link API" credential; the workflow JSON holds none. A link opens in the
// first browser that uses it (a reload there works); print a new one for another browser.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { chatLinkQueryString } from '../nodes/TimelinesAiLiveChat/chat/session/chatLinkQuery';
import {
	DEFAULT_SECRET_VARIABLE,
	delugeSetupText,
} from '../nodes/TimelinesAiLiveChat/chat/session/delugeButtonFunction';

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

function option(args: string[], name: string): string | undefined {
	const index = args.indexOf(name);
	return index >= 0 ? args[index + 1] : undefined;
}

function printDeluge(args: string[]): number {
	const endpoints = readEndpoints();
	const chatUrl =
		option(args, '--url') ??
		process.env.CHAT_VIEW_URL ??
		(typeof endpoints.chatViewUrl === 'string' ? endpoints.chatViewUrl : '');
	if (!/^https?:\/\/[^\s"\\]+$/.test(chatUrl)) {
		console.error(
			"The chat URL (--url, CHAT_VIEW_URL or .sandbox/endpoints.json) must be the node's http(s) production URL.",
		);
		return 2;
	}
	const modules = (option(args, '--modules') ?? 'Leads,Contacts')
		.split(',')
		.map((name) => name.trim())
		.filter(Boolean);
	const lifetime = Number(option(args, '--lifetime') ?? 600);
	const secretVariable = option(args, '--secret-variable') ?? DEFAULT_SECRET_VARIABLE;
	if (!modules.every((name) => /^\w+$/.test(name)) || modules.length === 0) {
		console.error('--modules takes module API names separated by commas, e.g. Leads,Contacts');
		return 2;
	}
	if (!Number.isInteger(lifetime) || lifetime <= 0 || !/^\w+$/.test(secretVariable)) {
		console.error('--lifetime takes a positive number of seconds, --secret-variable an API name');
		return 2;
	}
	console.log(delugeSetupText({ chatUrl, modules, lifetimeSeconds: lifetime, secretVariable }));
	return 0;
}

function main(): number {
	if (process.argv.includes('--deluge')) return printDeluge(process.argv.slice(2));
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
