// `npm run sandbox`: the Zoho CRM v8 + TimelinesAI stand-ins on 127.0.0.1, until Ctrl-C.
//   SANDBOX_PORT (default 4580), SANDBOX_STATE_FILE (default none: state in memory only),
//   SANDBOX_ZOHO_* (latency, faults, edition — see sandbox/zoho/zohoOptions.ts),
//   SANDBOX_TIMELINES_TOKEN (default sandbox-timelines-token), SANDBOX_TIMELINES_* behaviour switches
//   (sandbox/timelines/timelinesBehaviour.ts), SANDBOX_READING=other (every unknown on its other reading).
import { startSandbox } from './index';
import { SANDBOX_CLIENT, SANDBOX_STATIC_ACCESS_TOKEN } from './zoho/zohoOptions';
import { zohoOptionsFromEnv } from './zoho/zohoOptions';

async function main(): Promise<void> {
	const started = Date.now();
	const sandbox = await startSandbox({
		port: Number(process.env.SANDBOX_PORT ?? 4580),
		stateFile: process.env.SANDBOX_STATE_FILE || undefined,
		zoho: zohoOptionsFromEnv(process.env),
		timelines: { token: process.env.SANDBOX_TIMELINES_TOKEN || undefined },
	});
	const u = sandbox.url;
	const reading = `Zoho ${JSON.stringify(sandbox.zoho.behaviour())}, TimelinesAI ${JSON.stringify(sandbox.timelines.behaviour())}`;
	console.log(`Sandbox ready in ${Date.now() - started} ms
  page            ${u}/
  Zoho API        ${u}/crm/v8   (static token: ${SANDBOX_STATIC_ACCESS_TOKEN})
  Zoho accounts   ${u}/oauth/v2  (client ${SANDBOX_CLIENT.clientId} / ${SANDBOX_CLIENT.clientSecret})
  TimelinesAI API ${u}/integrations/api   (token: ${sandbox.timelines.token})
  control         ${u}/__control/{reset,state,zoho/*,timelines/*}
  readings        ${reading}
  simulate        curl -s -X POST ${u}/__control/timelines/messages -H 'Content-Type: application/json' -d '{"phone":"+447700900123","name":"Jane Doe","text":"Hello"}'`);
	const stop = (): void => {
		void sandbox.close().then(() => process.exit(0));
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? error.message : error);
	process.exit(1);
});
