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
): Promise<DownloadedFile> {
	const baseUrl = await timelinesBaseUrl(context);
	let current = url;
	for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
		const refusal = refusedDownloadUrl(current, baseUrl);
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
