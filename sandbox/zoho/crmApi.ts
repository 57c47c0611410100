import type { IncomingMessage, ServerResponse } from 'node:http';

import { delay, send } from '../server/http';
import { crmRoute } from './crmRoutes';
import { authenticate } from './oauth';
import { ZohoError, tooManyRequests, zohoErrorBody } from './zohoError';
import type { ZohoRequest, ZohoResult } from './zohoRequest';
import type { ZohoState } from './zohoState';

/** Zoho's sub-concurrency limit for COQL and lead conversion (Kaizen #203: 10 for all editions). */
export const SUB_CONCURRENCY_LIMIT = 10;

function respond(state: ZohoState, res: ServerResponse, result: ZohoResult): void {
	const report =
		state.behaviour.creditsRemainingHeader === 'always' ||
		state.creditsUsed >= state.dailyCredits / 2;
	send(res, {
		...result,
		headers: {
			...(result.headers ?? {}),
			...(report ? { 'X-API-CREDITS-REMAINING': String(state.creditsRemaining) } : {}),
		},
	});
}

function charge(state: ZohoState, name: string, credits: number): void {
	state.creditsUsed += credits;
	state.creditsByCall[name] = (state.creditsByCall[name] ?? 0) + credits;
}

/**
 * One /crm/v8 call: token check → concurrency limit (429) → latency and injected faults → credit check
 * (429 when exhausted) → handler → credit charge. Answers carry X-API-CREDITS-REMAINING once half the day's
 * credits are used (or always: the behaviour switch creditsRemainingHeader).
 * Handlers are synchronous, so check-then-write (unique fields) can't interleave between requests.
 */
export async function handleCrmRequest(
	state: ZohoState,
	req: IncomingMessage,
	res: ServerResponse,
	url: URL,
	body: Buffer,
): Promise<void> {
	const segments = url.pathname
		.split('/')
		.slice(3)
		.filter((s) => s !== '')
		.map(decodeURIComponent);
	const zohoRequest: ZohoRequest = {
		method: req.method ?? 'GET',
		segments,
		url,
		headers: req.headers,
		body,
		state,
	};
	let heavy = false;
	try {
		authenticate(state, req);
		const route = crmRoute(zohoRequest);
		heavy = route.heavy === true;
		if (
			state.inFlight >= state.concurrencyLimit ||
			(heavy && state.heavyInFlight >= SUB_CONCURRENCY_LIMIT)
		)
			throw tooManyRequests();
		state.inFlight += 1;
		if (heavy) state.heavyInFlight += 1;
		try {
			const f = state.faults;
			const latency =
				f.latencyMs + Math.random() * f.jitterMs + (Math.random() < f.slowRate ? f.slowMs : 0);
			if (latency > 0) await delay(latency);
			if (Math.random() < f.dropRate) {
				req.socket.destroy();
				return;
			}
			if (Math.random() < f.rate429) throw tooManyRequests();
			if (Math.random() < f.rate500)
				throw new ZohoError(500, 'INTERNAL_ERROR', 'Internal Server Error', {});
			if (state.creditsRemaining <= 0) throw tooManyRequests();
			let result: ZohoResult;
			try {
				result = route.run();
			} catch (error) {
				if (error instanceof ZohoError) charge(state, route.name, 1);
				throw error;
			}
			charge(state, route.name, result.credits ?? 1);
			respond(state, res, result);
		} finally {
			state.inFlight -= 1;
			if (heavy) state.heavyInFlight -= 1;
		}
	} catch (error) {
		if (error instanceof ZohoError)
			respond(state, res, { status: error.httpStatus, json: error.body });
		else
			respond(state, res, {
				status: 500,
				json: zohoErrorBody(
					'INTERNAL_ERROR',
					error instanceof Error ? error.message : 'Internal Server Error',
				),
			});
	}
}
