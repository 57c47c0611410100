import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	INode,
	IWebhookFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import { FifoSemaphore } from './fifoSemaphore';
import {
	creditReport,
	creditsWithheld,
	observeCreditsHeader,
	orgReportsNoCredits,
	recordCreditSpend,
	setCreditBudget,
} from './zohoCredits';
import type { ZohoAnswer } from './zohoApiError';
import { asObject, zohoApiError } from './zohoApiError';
import { transientFailureCode } from '../../domain/transientFailure';
import { MAX_ATTEMPTS, retryDelayMs } from './zohoRetryPolicy';

/*
 * One authenticated call to Zoho CRM v8: base URL from the token's api_domain, n8n's
 * httpRequestWithAuthentication (so the credential's OAuth2 refresh applies), the per-credential cap on
 * calls in flight, retries, and Zoho's refusals turned into NodeApiErrors. zohoCrmHttpApi.ts builds the
 * operations on top of it.
 */

export const ZOHO_CREDENTIAL = 'zohoCrmOrgOAuth2Api';
export type ZohoContext = IExecuteFunctions | ILoadOptionsFunctions | IWebhookFunctions;

/**
 * Zoho counts the calls in flight per user and OAuth client: Free 5, Standard/Starter 10, Professional 15,
 * Enterprise 20, Ultimate 25 (docs/api-facts.md, Zoho §6, Kaizen #35); above it Zoho answers 429. The pack keeps 80 %
 * of the edition chosen on the credential, leaving room for the live chat, people and other clients of the
 * same user. Unknown or missing edition: Standard's.
 */
const IN_FLIGHT_CAP_BY_EDITION: Record<string, number> = {
	free: 4,
	standard: 8,
	professional: 12,
	enterprise: 16,
	ultimate: 20,
};
export const MAX_IN_FLIGHT_PER_CREDENTIAL = IN_FLIGHT_CAP_BY_EDITION.standard;

export function inFlightCapFor(edition: unknown): number {
	return (
		(typeof edition === 'string' && IN_FLIGHT_CAP_BY_EDITION[edition]) ||
		MAX_IN_FLIGHT_PER_CREDENTIAL
	);
}

/** Zoho answers in well under a second; a call still open after this is treated like a dropped connection. */
const REQUEST_TIMEOUT_MS = 60_000;

// One cap per credential (and edition) for the whole module instance, shared by every execution (and
// load-options call) that uses the credential, so parallel executions cannot add up past Zoho's limit.
const inFlightByCredential = new Map<string, FifoSemaphore>();

/** Key for per-credential caps, caches and locks: two Zoho organisations never share an entry. */
export function zohoCredentialKey(context: { getNode(): INode }): string {
	const credential = context.getNode().credentials?.[ZOHO_CREDENTIAL];
	return credential?.id ?? credential?.name ?? 'default';
}

/** The Zoho CRM v8 base URL of a credential: its API Domain Override, else the token's api_domain. */
export function zohoApiBaseOf(credentials: ICredentialDataDecryptedObject): string {
	const override = typeof credentials.apiDomain === 'string' ? credentials.apiDomain.trim() : '';
	const token = asObject(credentials.oauthTokenData);
	// api_domain comes from the token response, as in n8n's own Zoho node (docs/api-facts.md, Zoho implication 1).
	const domain =
		override ||
		(typeof token.api_domain === 'string' ? token.api_domain : 'https://www.zohoapis.com');
	return `${domain.replace(/\/+$/, '')}/crm/v8`;
}

function inFlightLimitOf(context: ZohoContext, cap: number): FifoSemaphore {
	const key = `${zohoCredentialKey(context)}|${cap}`;
	let limit = inFlightByCredential.get(key);
	if (!limit) {
		limit = new FifoSemaphore(cap);
		inFlightByCredential.set(key, limit);
	}
	return limit;
}

/** Zoho's answer carried by a failed call (n8n's NodeApiError keeps the HTTP client's error as `cause`). */
function answerOfFailure(error: unknown): ZohoAnswer | undefined {
	for (const candidate of [error, asObject(error).cause]) {
		const response = asObject(asObject(candidate).response);
		if (typeof response.status === 'number') {
			return {
				statusCode: response.status,
				body: response.data,
				headers: asObject(response.headers) as ZohoAnswer['headers'],
			};
		}
	}
	return undefined;
}

export interface ZohoCallOptions {
	qs?: IDataObject;
	body?: unknown;
	headers?: IDataObject;
	/** Safe to send twice: 5xx and dropped connections are retried only then. */
	idempotent: boolean;
	/** 4xx statuses the caller maps itself (returned instead of thrown). */
	acceptStatus?: number[];
	/** Told of every HTTP send of this call (retries and the token refresh's repeat included). */
	onSend?: () => void;
	/** Zoho credits one send costs (default 1; a bulk write of n notes: ceil(n / 10)). */
	credits?: number;
}

/**
 * How long a caller may wait. `sync`: the workflow's executions, retried with back-off up to MAX_ATTEMPTS.
 * `interactive`: a person is waiting (the live chat page): one retry at most, and the credential's API base
 * is remembered for a few minutes so that a page view does not decrypt the credential again.
 */
export type ZohoPatience = 'sync' | 'interactive';

const INTERACTIVE_MAX_ATTEMPTS = 2;
const INTERACTIVE_BASE_TTL_MS = 10 * 60_000;
// Credential key → API base and in-flight cap, for interactive callers only (bounded: one entry per credential).
const interactiveBases = new Map<string, { base: string; cap: number; until: number }>();

export class ZohoRequest {
	/** HTTP calls sent so far (each costs Zoho credits). */
	callCount = 0;
	private apiBase: string | undefined;
	private inFlightCap = MAX_IN_FLIGHT_PER_CREDENTIAL;
	private readonly maxAttempts: number;

	constructor(
		private readonly context: ZohoContext,
		private readonly patience: ZohoPatience = 'sync',
	) {
		this.maxAttempts = patience === 'interactive' ? INTERACTIVE_MAX_ATTEMPTS : MAX_ATTEMPTS;
	}

	private async base(): Promise<string> {
		if (this.apiBase) return this.apiBase;
		const key = zohoCredentialKey(this.context);
		const remembered = this.patience === 'interactive' ? interactiveBases.get(key) : undefined;
		if (remembered && remembered.until > Date.now()) {
			this.inFlightCap = remembered.cap;
			this.apiBase = remembered.base;
			return remembered.base;
		}
		const credentials = await this.context.getCredentials(ZOHO_CREDENTIAL);
		this.inFlightCap = inFlightCapFor(credentials.crmEdition);
		setCreditBudget(key, Number(credentials.dailyCreditBudget ?? 0));
		this.apiBase = zohoApiBaseOf(credentials);
		if (this.patience === 'interactive') {
			if (interactiveBases.size >= 100) interactiveBases.clear();
			interactiveBases.set(key, {
				base: this.apiBase,
				cap: this.inFlightCap,
				until: Date.now() + INTERACTIVE_BASE_TTL_MS,
			});
		}
		return this.apiBase;
	}

	/**
	 * One Zoho call. Retries 429 (Zoho did not process it, so even a create is safe to repeat) and,
	 * for idempotent calls only, 5xx and dropped connections/timeouts: a create that failed with 500 may
	 * have been written, and repeating it could create the record twice. Exponential back-off with
	 * jitter, waiting outside the in-flight cap.
	 */
	async call(
		method: IHttpRequestMethods,
		path: string,
		options: ZohoCallOptions,
	): Promise<ZohoAnswer> {
		const url = `${await this.base()}${path}`;
		const upload = options.body instanceof FormData;
		for (let attempt = 1; ; attempt++) {
			// Out of credits (the connection's Daily Credit Budget, or the org's): the call is not sent; the
			// item fails as a retryable 429 and the catch-up writes its message once credits are free again.
			const withheld = this.patience === 'sync' ? creditsWithheld(this.creditKey()) : undefined;
			if (withheld) throw this.outOfCreditsError(withheld);
			const request: IHttpRequestOptions = {
				method,
				url,
				qs: options.qs,
				headers: options.headers,
				body: options.body as IHttpRequestOptions['body'],
				json: !upload,
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				// Uploads (up to 100 MB) keep n8n's default timeout.
				timeout: upload ? undefined : REQUEST_TIMEOUT_MS,
			};
			let answer: ZohoAnswer | undefined;
			let failure: unknown;
			const onSend = () => {
				recordCreditSpend(this.creditKey(), options.credits ?? 1);
				options.onSend?.();
			};
			try {
				answer = await this.send(request, onSend);
				// A refresh cannot add a scope, and Zoho allows only 10 refreshes per 10 minutes (§1.3).
				if (answer.statusCode === 401 && asObject(answer.body).code !== 'OAUTH_SCOPE_MISMATCH')
					answer = await this.sendRefreshingToken(request, onSend);
				observeCreditsHeader(this.creditKey(), answer.headers, answer.statusCode);
			} catch (error) {
				failure = error;
			}
			const networkCode = failure === undefined ? undefined : transientFailureCode(failure);
			const status = answer?.statusCode ?? 0;
			const retryable =
				status === 429 ||
				(options.idempotent && (status >= 500 || (networkCode !== undefined && !upload)));
			// A 429 once Zoho has said the org has no credits left: waiting seconds does not bring them back.
			const orgOut = status === 429 && orgReportsNoCredits(this.creditKey());
			if (retryable && attempt < this.maxAttempts && !orgOut) {
				await sleep(retryDelayMs(attempt));
				continue;
			}
			if (failure !== undefined || answer === undefined)
				throw this.failureError(failure, networkCode, attempt, options.idempotent);
			if (status >= 400 && !(options.acceptStatus ?? []).includes(status)) {
				const note = retryable
					? `Zoho CRM refused all ${attempt} attempts (exponential back-off between them).`
					: status >= 500 && !options.idempotent
						? 'The call was not repeated: Zoho may have written it before failing, so check the record before running again.'
						: undefined;
				throw zohoApiError(this.context.getNode(), answer, undefined, note);
			}
			// A refusal inside a 2xx (request-level `status: "error"`) must not read as "nothing found".
			if (status < 300 && asObject(answer.body).status === 'error')
				throw zohoApiError(this.context.getNode(), answer);
			return answer;
		}
	}

	private creditKey(): string {
		return zohoCredentialKey(this.context);
	}

	private outOfCreditsError(why: 'budget' | 'org'): NodeApiError {
		const report = creditReport(this.creditKey());
		const wait =
			'The message waits: its delivery is let through again and the catch-up writes it once credits are free (Zoho counts them over a rolling 24 hours).';
		return new NodeApiError(
			this.context.getNode(),
			{ message: why } as JsonObject,
			why === 'budget'
				? {
						message: `Zoho CRM: the connection's Daily Credit Budget (${report.budget}) is spent`,
						description: `This n8n process spent ${report.spentLast24h} credits in the last 24 hours. ${wait} Raise the budget in the Zoho CRM credential to write sooner.`,
						httpCode: '429',
					}
				: {
						message: "Zoho CRM: the org's API credits for the day are used up",
						description: `Zoho reported 0 credits left. ${wait}`,
						httpCode: '429',
					},
		);
	}

	private failureError(
		failure: unknown,
		networkCode: string | undefined,
		attempts: number,
		idempotent: boolean,
	): NodeApiError | NodeOperationError {
		const node = this.context.getNode();
		if (networkCode !== undefined) {
			// The code goes in the description: NodeApiError swaps a message naming ECONNRESET & co. for a generic one.
			return new NodeApiError(
				node,
				{ message: failure instanceof Error ? failure.message : String(failure) } as JsonObject,
				{
					message: 'Zoho CRM did not answer',
					description: idempotent
						? `The connection failed (${networkCode}); gave up after ${attempts} attempts. Check the connection to Zoho and try again.`
						: `The connection failed (${networkCode}). The call was not repeated: Zoho may have written it before the connection failed, so check the record before running again.`,
				},
			);
		}
		// n8n's own errors (e.g. "The credential … needs to be reconnected" when the refresh is refused) stay as they are.
		if (failure instanceof NodeApiError || failure instanceof NodeOperationError) return failure;
		return new NodeApiError(
			node,
			(failure instanceof Error ? failure : { message: String(failure) }) as JsonObject,
		);
	}

	/**
	 * Every HTTP call to Zoho goes through here: one slot of the credential's in-flight cap per call
	 * (the cap follows the credential's edition, read by base() before the first call).
	 */
	private async send(
		request: IHttpRequestOptions,
		onSend: (() => void) | undefined,
	): Promise<ZohoAnswer> {
		this.callCount += 1;
		onSend?.();
		return await inFlightLimitOf(this.context, this.inFlightCap).run(
			async () =>
				(await this.context.helpers.httpRequestWithAuthentication.call(
					this.context,
					ZOHO_CREDENTIAL,
					request,
				)) as ZohoAnswer,
		);
	}

	/**
	 * A 401 (INVALID_TOKEN: the access token expired). n8n refreshes an OAuth2 token only when the
	 * request itself fails with 401 — not when ignoreHttpStatusErrors hands the 401 back as a response —
	 * so ask again letting it fail: n8n refreshes, stores the new token and repeats the call once. If that
	 * repeat is refused too, its answer (carried by the error) is Zoho's answer for the error mapping:
	 * sending a third time could write a create twice.
	 */
	private async sendRefreshingToken(
		request: IHttpRequestOptions,
		onSend: (() => void) | undefined,
	): Promise<ZohoAnswer> {
		let failure: unknown;
		try {
			return await this.send({ ...request, ignoreHttpStatusErrors: false }, onSend);
		} catch (error) {
			failure = error;
		}
		const answer = answerOfFailure(failure);
		if (answer) return answer;
		throw failure;
	}
}
