/** One page of a TimelinesAI list: its elements and `data.has_more_pages` (timelinesai.md). */
export interface TimelinesPage<T> {
	items: T[];
	hasMore: boolean;
}

/** `data[key]` when it is a list, or `data` itself when the API answers with a bare list. */
export function listIn<T>(data: unknown, key: string): T[] {
	if (Array.isArray(data)) return data as T[];
	const value = typeof data === 'object' && data !== null ? (data as Record<string, unknown>)[key] : undefined;
	return Array.isArray(value) ? (value as T[]) : [];
}

export function pageOf<T>(data: unknown, key: string): TimelinesPage<T> {
	const hasMore = typeof data === 'object' && data !== null && (data as { has_more_pages?: unknown }).has_more_pages === true;
	return { items: listIn<T>(data, key), hasMore };
}

/** The query of one page: the set filters (empty strings and undefined left out) and `page`. */
export function pageQuery(filters: object, page: number): Record<string, string | number | boolean> {
	const qs: Record<string, string | number | boolean> = {};
	for (const [key, value] of Object.entries(filters)) {
		if (typeof value === 'boolean' || typeof value === 'number' || (typeof value === 'string' && value !== '')) qs[key] = value;
	}
	return { ...qs, page };
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
		if (options.limit !== undefined && collected.length >= options.limit) return collected.slice(0, options.limit);
		if (!hasMore || items.length === 0) break;
	}
	return collected;
}
