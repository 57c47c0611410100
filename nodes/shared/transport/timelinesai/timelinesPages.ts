/** One page of a TimelinesAI list: its elements and `data.has_more_pages` (docs/api-facts.md, TimelinesAI). */
export interface TimelinesPage<T> {
	items: T[];
	hasMore: boolean;
}

/** `data[key]` when it is a list, or `data` itself when the API answers with a bare list. */
export function listIn<T>(data: unknown, key: string): T[] {
	if (Array.isArray(data)) return data as T[];
	const value =
		typeof data === 'object' && data !== null ? (data as Record<string, unknown>)[key] : undefined;
	return Array.isArray(value) ? (value as T[]) : [];
}

export function pageOf<T>(data: unknown, key: string): TimelinesPage<T> {
	const hasMore =
		typeof data === 'object' &&
		data !== null &&
		(data as { has_more_pages?: unknown }).has_more_pages === true;
	return { items: listIn<T>(data, key), hasMore };
}

/** The set filters of a query: empty strings and undefined left out. */
export function filterQuery(filters: object): Record<string, string | number | boolean> {
	const qs: Record<string, string | number | boolean> = {};
	for (const [key, value] of Object.entries(filters)) {
		if (
			typeof value === 'boolean' ||
			typeof value === 'number' ||
			(typeof value === 'string' && value !== '')
		)
			qs[key] = value;
	}
	return qs;
}

/** The query of one numbered page (GET /chats): the set filters and `page`. */
export function pageQuery(
	filters: object,
	page: number,
): Record<string, string | number | boolean> {
	return { ...filterQuery(filters), page };
}

// A page that repeats the previous one would otherwise loop for ever against a misbehaving server.
const MAX_PAGES = 1000;

/**
 * Reads pages 1, 2, … until `has_more_pages` is false or `limit` elements were kept.
 * `keep` filters elements client side (for filters the API may ignore) before they count.
 */
export async function collectPages<T>(
	fetchPage: (page: number) => Promise<TimelinesPage<T>>,
	options: { limit?: number; keep?: (item: T) => boolean } = {},
): Promise<T[]> {
	const collected: T[] = [];
	for (let page = 1; page <= MAX_PAGES; page++) {
		const { items, hasMore } = await fetchPage(page);
		collected.push(...(options.keep ? items.filter(options.keep) : items));
		if (options.limit !== undefined && collected.length >= options.limit)
			return collected.slice(0, options.limit);
		if (!hasMore || items.length === 0) break;
	}
	return collected;
}

/** Hard cap on the requests of one cursor walk: 1,000 pages of 50 are 50,000 messages. */
export const MAX_CURSOR_REQUESTS = 1000;

/**
 * Walks a newest-first history back with a cursor: each request passes the uid of the oldest element seen
 * so far (`before_message`, public_api_spec.yaml). Stops when `has_more_pages` is false, when `limit`
 * elements were kept, when a page brings no uid not seen before or would repeat the cursor (a server
 * that ignores the cursor answers the same page again), and after `maxRequests` requests in any case.
 * Every uid is returned once.
 */
export async function collectByCursor<T extends { uid: string }>(
	fetchPage: (before: string | undefined) => Promise<TimelinesPage<T>>,
	options: { limit?: number; keep?: (item: T) => boolean; maxRequests?: number } = {},
): Promise<T[]> {
	const collected: T[] = [];
	const seen = new Set<string>();
	let before: string | undefined;
	const maxRequests = options.maxRequests ?? MAX_CURSOR_REQUESTS;
	for (let request = 0; request < maxRequests; request++) {
		const { items, hasMore } = await fetchPage(before);
		const fresh = items.filter((item) => typeof item.uid === 'string' && !seen.has(item.uid));
		for (const item of fresh) seen.add(item.uid);
		collected.push(...(options.keep ? fresh.filter(options.keep) : fresh));
		if (options.limit !== undefined && collected.length >= options.limit)
			return collected.slice(0, options.limit);
		const oldest = fresh.at(-1)?.uid;
		if (!hasMore || oldest === undefined || oldest === before) break;
		before = oldest;
	}
	return collected;
}
