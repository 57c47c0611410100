// What `npm start` and the end-to-end tests need to know about a running sandbox to connect n8n to it.
import type { RunningSandbox } from '../../sandbox';
import { SANDBOX_CLIENT } from '../../sandbox';

export interface SandboxFacts {
	sandboxUrl: string;
	/** Zoho accounts server (custom data centre of the credentials) */
	zohoAccountsUrl: string;
	zohoClientId: string;
	zohoClientSecret: string;
	/** the sandbox org's edition (free … ultimate): its concurrency limit */
	zohoEdition: string;
	zohoApiBase: string;
	/** a long-lived token for poking the sandbox's Zoho API by hand (curl) */
	zohoAccessToken: string;
	timelinesApiBase: string;
	timelinesToken: string;
	/** one shell line that makes the sandbox deliver an incoming WhatsApp message */
	simulateCommand: string;
}

export function sandboxFacts(sandbox: RunningSandbox): SandboxFacts {
	const body = JSON.stringify({
		phone: '+447700900123',
		name: 'Jane Doe',
		text: 'Hi! Is the blue sofa still available?',
	});
	return {
		sandboxUrl: sandbox.url,
		zohoAccountsUrl: sandbox.url,
		zohoClientId: SANDBOX_CLIENT.clientId,
		zohoClientSecret: SANDBOX_CLIENT.clientSecret,
		zohoEdition: sandbox.zoho.state.edition,
		zohoApiBase: `${sandbox.url}/crm/v8`,
		zohoAccessToken: sandbox.zoho.staticAccessToken ?? sandbox.zoho.issueAccessToken(24 * 3600),
		timelinesApiBase: `${sandbox.url}/integrations/api`,
		timelinesToken: sandbox.timelines.token,
		simulateCommand: `curl -s -X POST ${sandbox.url}/__control/timelines/messages -H 'Content-Type: application/json' -d '${body}'`,
	};
}
