import { NodeOperationError } from 'n8n-workflow';

import type { TimelinesContext } from './timelinesAiRequest';
import { timelinesBaseUrl } from './timelinesAiRequest';

/**
 * Hosts TimelinesAI serves temporary download links from: its own domains, and S3 pre-signed URLs (the
 * public spec's `attachment_url` example is an `*.s3.amazonaws.com` URL, docs/api-facts.md TimelinesAI).
 */
const FILE_HOST_SUFFIXES = ['timelines.ai', 'timelines.global', 'amazonaws.com'];
// A pre-signed link may redirect once or twice (to the storage host); each hop is checked again.
const MAX_REDIRECTS = 3;

function onSuffix(hostname: string, suffix: string): boolean {
	return hostname === suffix || hostname.endsWith(`.${suffix}`);
}

/**
 * Why a download URL is refused, or undefined when it may be fetched. Allowed: the credential's base-URL
 * origin (the API host itself; loopback in a test sandbox), or https on TimelinesAI's file hosts, which are
 * domain names — so an IP literal (private, loopback, link-local or public) or any other host is refused.
 */
export function refusedDownloadUrl(url: string, baseUrl: string): string | undefined {
	let target: URL;
	try {
		target = new URL(url);
	} catch {
		return 'it is not a URL';
	}
	if (target.username || target.password) return 'it carries credentials';
	if (target.origin === new URL(baseUrl).origin) return undefined;
	if (target.protocol !== 'https:') return 'it is not https';
	const hostname = target.hostname.toLowerCase().replace(/\.$/, '');
	if (!FILE_HOST_SUFFIXES.some((suffix) => onSuffix(hostname, suffix)))
		return `${hostname} is not a TimelinesAI file host`;
	return undefined;
}

/**
 * Why a host TimelinesAI's rules allow is still refused: it resolves to a private, loopback, link-local or
 * otherwise reserved address (an `*.amazonaws.com` name can point inside a VPC). Checked with n8n's own
 * egress filter in its enforced form, so the instance's SSRF settings (`N8N_SSRF_*` blocked and allowed
 * ranges and host names) apply even when SSRF protection is off for the rest of n8n. A name that does not
 * resolve is not refused here (the request then fails on its own and reaches nothing). Connect-time DNS
 * rebinding is outside what `httpRequest` lets a node pin.
 */
async function refusedAfterResolution(
	context: TimelinesContext,
	url: string,
): Promise<string | undefined> {
	const helpers = context.helpers as Partial<Pick<typeof context.helpers, 'getSecureEgressFilter'>>;
	if (typeof helpers.getSecureEgressFilter !== 'function') return undefined;
	let verdict: Awaited<ReturnType<ReturnType<typeof helpers.getSecureEgressFilter>['validateUrl']>>;
	try {
		verdict = await helpers.getSecureEgressFilter('enforced').validateUrl(url);
	} catch {
		return undefined;
	}
	if (verdict.ok) return undefined;
	return /ssrf|blocked/i.test(`${verdict.error.name} ${verdict.error.message}`)
		? 'it resolves to a private, loopback or link-local address'
		: undefined;
}

/**
 * Why an attachment link from a webhook is refused (by name, then by where the name resolves), or undefined:
 * what the trigger checks, with the credential, before the link reaches a node that would fetch it.
 */
export async function refusedAttachmentLink(
	context: TimelinesContext,
	url: string,
	baseUrl: string,
): Promise<string | undefined> {
	const byName = refusedDownloadUrl(url, baseUrl);
	if (byName !== undefined) return byName;
	return new URL(url).origin === new URL(baseUrl).origin
		? undefined
		: await refusedAfterResolution(context, url);
}

export interface DownloadedFile {
	data: Buffer;
	mimetype?: string;
}

/**
 * Downloads a temporary TimelinesAI link (valid 15 minutes: fetch it from the API right before). No
 * credential is sent; redirects are followed by hand so every hop passes refusedDownloadUrl. Refuses
 * bodies over `maxBytes`.
 */
export async function downloadTimelinesFile(
	context: TimelinesContext,
	url: string,
	maxBytes = Number.POSITIVE_INFINITY,
	trust: { origin?: string } = {},
): Promise<DownloadedFile> {
	// `trust.origin`: a node without the TimelinesAI credential (the note writer) trusts the origin of a
	// link the trigger already checked (name and DNS, against the credential); every other hop is checked.
	const baseUrl = trust.origin ?? (await timelinesBaseUrl(context));
	let current = url;
	for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
		const refusal = await refusedAttachmentLink(context, current, baseUrl);
		if (refusal)
			throw new NodeOperationError(
				context.getNode(),
				`Refused to download ${new URL(current, baseUrl).origin}: ${refusal}`,
			);
		const response = (await context.helpers.httpRequest({
			method: 'GET',
			url: current,
			encoding: 'arraybuffer',
			returnFullResponse: true,
			disableFollowRedirect: true,
			ignoreHttpStatusErrors: true,
		})) as {
			body: ArrayBuffer | Buffer;
			statusCode: number;
			headers: Record<string, string | string[] | undefined>;
		};
		const location = response.headers.location;
		if (response.statusCode >= 300 && response.statusCode < 400 && typeof location === 'string') {
			current = new URL(location, current).toString();
			continue;
		}
		if (response.statusCode >= 400)
			throw new NodeOperationError(
				context.getNode(),
				`The download link answered ${response.statusCode}${response.statusCode === 403 ? ' (temporary links expire after 15 minutes)' : ''}`,
			);
		const data = Buffer.isBuffer(response.body) ? response.body : Buffer.from(response.body);
		if (data.length > maxBytes)
			throw new NodeOperationError(context.getNode(), `The file is larger than ${maxBytes} bytes`);
		const type = response.headers['content-type'];
		return { data, mimetype: typeof type === 'string' ? type.split(';')[0].trim() : undefined };
	}
	throw new NodeOperationError(context.getNode(), `More than ${MAX_REDIRECTS} redirects`);
}
