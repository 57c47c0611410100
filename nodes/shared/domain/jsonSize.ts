/**
 * Whether parsed JSON is larger than `limit` characters when written out again, without writing it out:
 * a walk that stops as soon as the count passes the limit, so an oversized webhook body costs at most
 * ~limit steps. The count is a lower bound of the body's size in bytes (UTF-8 needs at least one byte per
 * UTF-16 unit; escapes and whitespace only add), so a body within the limit is never called oversized.
 */
export function jsonSizeAbove(value: unknown, limit: number): boolean {
	let size = 0;
	const stack: unknown[] = [value];
	while (stack.length > 0) {
		const next = stack.pop();
		if (typeof next === 'string') size += next.length + 2;
		else if (typeof next === 'number' || typeof next === 'boolean') size += String(next).length;
		else if (next === null || next === undefined) size += 4;
		else if (Array.isArray(next)) {
			size += 1 + next.length;
			if (size > limit) return true;
			for (const item of next as unknown[]) stack.push(item);
		} else if (typeof next === 'object') {
			const entries = Object.entries(next);
			size += 1 + entries.length;
			if (size > limit) return true;
			for (const [key, item] of entries) {
				size += key.length + 3;
				stack.push(item);
			}
		}
		if (size > limit) return true;
	}
	return false;
}
