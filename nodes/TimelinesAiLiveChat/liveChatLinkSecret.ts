import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	INodeCredentialTestResult,
	IWebhookFunctions,
} from 'n8n-workflow';

import { LiveChatConfigError } from './liveChatConfig';

/** The credential type holding the link secret (credentials/TimelinesAiLiveChatLinkApi.credentials.ts). */
export const LINK_CREDENTIAL = 'timelinesAiLiveChatLinkApi';

/** Shorter keys are refused: anyone who guesses the key signs links for any record and any user. */
export const MIN_LINK_SECRET_LENGTH = 16;

/**
 * Workflows made before the secret became a credential still carry the old "Link Secret" parameter (n8n
 * no longer reads it: the node does not declare it). Every link is refused with this message until the
 * credential is set.
 */
export const MISSING_LINK_CREDENTIAL =
	'The Live Chat node has no "TimelinesAI Live Chat Link API" credential. The link secret is no longer a node parameter: ' +
	'create that credential with the secret (the value of the Zoho CRM variable timelinesai_chat_secret; better, a new ' +
	'random value set in both places, since the old one was stored unencrypted in the workflow), select it in the node, ' +
	'and save the workflow.';

/** Why a link secret cannot be used, or undefined when it can. */
function linkSecretProblem(secret: string): string | undefined {
	return secret.length < MIN_LINK_SECRET_LENGTH
		? `The "TimelinesAI Live Chat Link API" credential's Link Secret has ${secret.length} characters; use at least ${MIN_LINK_SECRET_LENGTH} (32 random characters or more recommended, e.g. openssl rand -hex 32).`
		: undefined;
}

/** What reading the secret needs of the webhook context. */
export type LinkSecretSource = Pick<IWebhookFunctions, 'getNode' | 'getCredentials'>;

export async function linkSecretFromCredential(context: LinkSecretSource): Promise<string> {
	if (!context.getNode().credentials?.[LINK_CREDENTIAL])
		throw new LiveChatConfigError(MISSING_LINK_CREDENTIAL);
	// E.g. the selected credential was deleted, or n8n's encryption key changed.
	const read = await context.getCredentials(LINK_CREDENTIAL).then(
		(data: ICredentialDataDecryptedObject) => ({ data }),
		(error: unknown) => ({ unreadable: error instanceof Error ? error.message : String(error) }),
	);
	if ('unreadable' in read) {
		throw new LiveChatConfigError(
			`The "TimelinesAI Live Chat Link API" credential of the node cannot be read (${read.unreadable}): select an existing one.`,
		);
	}
	const secret = typeof read.data.linkSecret === 'string' ? read.data.linkSecret : '';
	const problem = linkSecretProblem(secret);
	if (problem) throw new LiveChatConfigError(problem);
	return secret;
}

/** `testedBy` of the link credential: it calls no API, so the test checks the secret is usable. */
export async function liveChatLinkSecretTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const secret = typeof credential.data?.linkSecret === 'string' ? credential.data.linkSecret : '';
	const problem = linkSecretProblem(secret);
	return problem
		? { status: 'Error', message: problem }
		: { status: 'OK', message: 'The link secret is long enough to sign chat links' };
}
