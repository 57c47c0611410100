import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { runInNewContext } from 'node:vm';

import { checkChatLinkQuery } from '../../../../nodes/TimelinesAiLiveChat/chat/session/chatLinkQuery';
import {
	delugeButtonFunction,
	delugeSetupText,
} from '../../../../nodes/TimelinesAiLiveChat/chat/session/delugeButtonFunction';

const SECRET = 'a-link-secret-of-32-characters!!';
const OPTIONS = {
	chatUrl: 'https://n8n.example.com/webhook/timelinesai-live-chat',
	modules: ['Leads', 'Contacts', 'Patients'],
	lifetimeSeconds: 600,
	secretVariable: 'timelinesai_chat_secret',
};
const NOW_MS = Date.parse('2026-12-01T05:00:00Z');

/**
 * Runs the generated Deluge function with Zoho's built-ins stubbed: the Deluge it uses (assignments, `+`
 * on strings and numbers, a list literal, `if`, method calls) reads the same in JavaScript once the list
 * literal is written with brackets. Returns what it returned and the URL it opened.
 */
function runDeluge(source: string, recordId: string, moduleName: string, loginUserId: string) {
	const header = /^string button\.openWhatsAppChat\(String recordId, String moduleName\)\n/;
	expect(source).toMatch(header);
	const body = source.replace(header, '').replace(/= \{([^}]*)\};/g, '= [$1];');
	const opened: string[] = [];
	const requestedVariables: string[] = [];
	const millis = String(NOW_MS);
	const zoho = {
		loginuserid: loginUserId,
		currenttime: {
			toLong: () => ({
				toString: () => ({
					subString: (from: number, to: number) => ({
						toLong: () => Number(millis.slice(from, to)),
					}),
				}),
			}),
		},
		crm: {
			getOrgVariable: (name: string) => {
				requestedVariables.push(name);
				return SECRET;
			},
		},
		encryption: {
			hmacsha256: (key: string, text: string, format: string) => {
				expect(format).toBe('hex');
				return createHmac('sha256', key).update(text, 'utf8').digest('hex');
			},
			urlEncode: (text: string) => encodeURIComponent(text),
		},
	};
	const returned = runInNewContext(
		`Array.prototype.contains = function (value) { return this.includes(value); };
		(function (recordId, moduleName) ${body})(recordId, moduleName);`,
		{ zoho, recordId, moduleName, openUrl: (url: string) => opened.push(url) },
	) as unknown;
	return { returned, opened, requestedVariables };
}

describe('npm run chat-link -- --deluge', () => {
	it('prints a button function whose link the node accepts for the record and the lower-cased user', () => {
		const run = runDeluge(
			delugeButtonFunction(OPTIONS),
			'5725767000000412001',
			'Patients',
			'Agent@Example.com',
		);
		expect(run.returned).toBe('');
		expect(run.requestedVariables).toEqual(['timelinesai_chat_secret']);
		expect(run.opened).toHaveLength(1);
		const url = new URL(run.opened[0]);
		expect(`${url.origin}${url.pathname}`).toBe(OPTIONS.chatUrl);
		const check = checkChatLinkQuery(
			Object.fromEntries(url.searchParams),
			SECRET,
			NOW_MS / 1000,
			900,
		);
		expect(check).toEqual(
			expect.objectContaining({
				ok: true,
				module: 'Patients',
				recordId: '5725767000000412001',
				userEmail: 'agent@example.com',
				expiresAtSeconds: NOW_MS / 1000 + 600,
			}),
		);
		// The same link signed with another secret is refused: the function really signs with the variable.
		expect(
			checkChatLinkQuery(
				Object.fromEntries(url.searchParams),
				'another-secret-value-1234',
				NOW_MS / 1000,
				900,
			).ok,
		).toBe(false);
	});

	it('opens nothing for a module outside the list', () => {
		const run = runDeluge(delugeButtonFunction(OPTIONS), '1', 'Deals', 'agent@example.com');
		expect(run.opened).toEqual([]);
		expect(run.returned).toBe('The WhatsApp chat is not enabled for Deals');
	});

	it('prints the variable to create and one button per module, and never a secret', () => {
		const text = delugeSetupText(OPTIONS);
		expect(text).toContain('create "timelinesai_chat_secret"');
		expect(text).toContain(`chatUrl = "${OPTIONS.chatUrl}";`);
		for (const module of OPTIONS.modules)
			expect(text).toContain(`moduleName → the constant ${module}`);
		expect(text).not.toContain(SECRET);
	});

	it('is what the script prints (URL and modules from its arguments)', () => {
		const output = execFileSync(
			process.execPath,
			[
				require.resolve('tsx/cli'),
				'scripts/chat-link.ts',
				'--deluge',
				'--url',
				OPTIONS.chatUrl,
				'--modules',
				'Leads,Contacts,Patients',
			],
			{ encoding: 'utf8', env: { ...process.env, CHAT_LINK_SECRET: SECRET } },
		);
		expect(output.trim()).toBe(delugeSetupText(OPTIONS).trim());
	});
});
