// `npm start`: the whole product on the embedded default — the sandbox (Zoho CRM + TimelinesAI
// stand-ins) and a real n8n with the pack installed, credentials connected and both workflows active.
//   env: SANDBOX_PORT (4580), N8N_PORT (5678), N8N_RUNNERS_BROKER_PORT (5690), SKIP_BUILD=1
// State lives in .sandbox/ (git-ignored): the sandbox's data, n8n's user folder, the owner login.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { chatLinkQueryString } from '../nodes/TimelinesAiLiveChat/chat/session/chatLinkQuery';
import { startSandbox } from '../sandbox';
import { deployPipeline } from './lib/deployPipeline';
import { N8nRest } from './lib/n8nRest';
import { setupOwner, startN8n, type OwnerAccount } from './lib/n8nRuntime';
import { ensureN8nRuntime, installPackIntoN8n } from './lib/n8nInstall';
import { sandboxFacts } from './lib/sandboxFacts';

const repoDir = path.resolve(__dirname, '..');
const stateDir = path.join(repoDir, '.sandbox');
const port = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

function persisted<T>(file: string, create: () => T): T {
	const full = path.join(stateDir, file);
	if (existsSync(full)) return JSON.parse(readFileSync(full, 'utf8')) as T;
	const value = create();
	writeFileSync(full, JSON.stringify(value, null, 2), { mode: 0o600 });
	return value;
}

async function main(): Promise<void> {
	const started = Date.now();
	// Owner-only: the sandbox's state, n8n's database and key, the owner login and the link secret live here.
	mkdirSync(stateDir, { recursive: true, mode: 0o700 });
	if (process.env.SKIP_BUILD !== '1') {
		console.log('Building the pack…');
		execFileSync('npm', ['run', '--silent', 'build'], {
			cwd: repoDir,
			stdio: ['ignore', 'ignore', 'inherit'],
		});
	}
	const sandbox = await startSandbox({
		port: port('SANDBOX_PORT', 4580),
		stateFile: path.join(stateDir, 'sandbox-state.json'),
	});
	const facts = sandboxFacts(sandbox);
	console.log(`Sandbox up at ${sandbox.url}`);

	const runtime = ensureN8nRuntime({ cacheDir: path.join(repoDir, '.cache', 'n8n-runtime') });
	const userFolder = path.join(stateDir, 'n8n');
	installPackIntoN8n({ repoDir, userFolder });
	const n8n = await startN8n({
		runtime,
		userFolder,
		port: port('N8N_PORT', 5678),
		brokerPort: port('N8N_RUNNERS_BROKER_PORT', 5690),
	});
	let stopping = false;
	const stop = async () => {
		if (stopping) return;
		stopping = true;
		console.log('\nStopping n8n and the sandbox…');
		await n8n.stop();
		await sandbox.close();
		process.exit(0);
	};
	process.on('SIGINT', () => void stop());
	process.on('SIGTERM', () => void stop());

	const owner = persisted<OwnerAccount>('owner.json', () => ({
		email: 'owner@sandbox.example',
		firstName: 'Sandbox',
		lastName: 'Owner',
		password: `Sandbox-${randomBytes(6).toString('hex')}-1A`,
	}));
	const rest = new N8nRest(n8n.url, await setupOwner(n8n.url, owner));
	const chatLinkSecret = persisted<{ secret: string }>('chat-link-secret.json', () => ({
		secret: randomBytes(24).toString('hex'),
	})).secret;
	// Catch-up every minute (the workflow file says 5): a dropped delivery shows up in Zoho within ~3 minutes.
	const pipeline = await deployPipeline(
		rest,
		repoDir,
		{ ...facts, chatLinkSecret, catchUp: { everyMinutes: 1 } },
		(line) => console.log(line),
	);

	// A ready link for a seed lead that has a WhatsApp chat (valid 15 minutes, the workflow's maximum; it opens
	// in the first browser only, like every link; `npm run chat-link` makes fresh ones). The secret signing it
	// is n8n's "TimelinesAI live chat link" credential: the workflow holds none.
	const demoLead =
		sandbox.zoho.records('Leads').find((lead) => lead.Mobile === '+351912345678') ??
		sandbox.zoho.records('Leads')[0];
	const chatLinkExample = demoLead
		? `${pipeline.chatViewUrl}?${chatLinkQueryString({ module: 'Leads', recordId: demoLead.id, userEmail: 'alex.admin@sandbox.example', expiresAt: Math.floor(Date.now() / 1000) + 15 * 60 }, pipeline.chatLinkSecret)}`
		: undefined;
	const endpoints = {
		n8nUrl: n8n.url,
		n8nOwner: { email: owner.email, password: owner.password },
		sandboxUrl: sandbox.url,
		zohoApiBase: `${sandbox.url}/crm/v8`,
		zohoAccessToken: facts.zohoAccessToken,
		timelinesApiBase: facts.timelinesApiBase,
		timelinesToken: facts.timelinesToken,
		triggerWebhookUrl: pipeline.triggerWebhookUrl,
		chatViewUrl: pipeline.chatViewUrl,
		chatLinkSecret: pipeline.chatLinkSecret,
		chatLinkHowTo:
			'npm run chat-link -- Leads <recordId> <userEmail>  (HMAC-SHA256 of "module|recordId|email|expiry" with chatLinkSecret)',
		chatLinkExample,
		simulateMessage: facts.simulateCommand,
	};
	writeFileSync(path.join(stateDir, 'endpoints.json'), JSON.stringify(endpoints, null, 2), {
		mode: 0o600,
	});
	console.log(`
Ready in ${Math.round((Date.now() - started) / 1000)} s.
  n8n editor     ${n8n.url}   (login ${owner.email} / ${owner.password})
  sandbox page   ${sandbox.url}/
  simulate a WhatsApp message:
    ${facts.simulateCommand}
  live chat for lead ${String(demoLead?.Full_Name ?? '')} (valid 15 min, opens in one browser):
    ${chatLinkExample ?? '(no lead in the sandbox)'}
  more links: npm run chat-link -- Leads <recordId> alex.admin@sandbox.example
  (all of this is in .sandbox/endpoints.json)  Ctrl-C stops everything.`);
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? error.message : error);
	process.exit(1);
});
