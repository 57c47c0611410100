import { ZohoError } from './zohoError';

export interface Condition {
	field: string;
	operator: string;
	values: string[];
}
export type Criteria =
	| { condition: Condition }
	| { op: 'and' | 'or'; left: Criteria; right: Criteria };

const OPERATORS = [
	'equals',
	'not_equal',
	'starts_with',
	'in',
	'greater_than',
	'greater_equal',
	'less_than',
	'less_equal',
	'between',
];
export const MAX_CONDITIONS = 10;

const invalidQuery = (reason: string): ZohoError =>
	new ZohoError(400, 'INVALID_QUERY', 'invalid query formed', { reason });

/**
 * Parses Zoho search criteria `((Field:op:value)and(Field:op:value))`. Values escape `(`, `)` and `,`
 * with a backslash. The value arrives already URL-decoded: a raw `+` is a space by then, which is why
 * Zoho requires `%2B` for a plus sign (Kaizen #82).
 */
export function parseCriteria(text: string): Criteria {
	let pos = 0;
	let count = 0;
	const peek = (): string => text[pos] ?? '';
	const expect = (char: string): void => {
		if (text[pos] !== char) throw invalidQuery(`expected '${char}' at ${pos}`);
		pos += 1;
	};
	const condition = (): Condition => {
		let raw = '';
		while (pos < text.length && text[pos] !== ')') {
			if (text[pos] === '\\' && pos + 1 < text.length) {
				raw += text[pos] + text[pos + 1];
				pos += 2;
			} else raw += text[pos++];
		}
		const first = raw.indexOf(':');
		const second = raw.indexOf(':', first + 1);
		if (first <= 0 || second <= first) throw invalidQuery(`malformed condition '${raw}'`);
		const field = raw.slice(0, first).trim();
		const operator = raw.slice(first + 1, second).trim();
		if (!OPERATORS.includes(operator)) throw invalidQuery(`unsupported operator '${operator}'`);
		count += 1;
		if (count > MAX_CONDITIONS)
			throw new ZohoError(400, 'LIMIT_EXCEEDED', 'the number of criteria exceeds the limit', {
				limit: MAX_CONDITIONS,
			});
		const valueText = raw.slice(second + 1);
		const values =
			operator === 'in' || operator === 'between'
				? splitUnescaped(valueText)
				: [unescape(valueText)];
		return { field, operator, values };
	};
	const term = (): Criteria => {
		expect('(');
		let result: Criteria;
		if (peek() === '(') result = expression();
		else result = { condition: condition() };
		expect(')');
		return result;
	};
	const expression = (): Criteria => {
		let left = term();
		for (;;) {
			const rest = text.slice(pos).toLowerCase();
			const op = rest.startsWith('and') ? 'and' : rest.startsWith('or') ? 'or' : undefined;
			if (!op) return left;
			pos += op.length;
			left = { op, left, right: term() };
		}
	};
	const trimmed = text.trim();
	if (!trimmed.startsWith('(')) {
		text = `(${trimmed})`;
	} else text = trimmed;
	const result = expression();
	if (pos !== text.length) throw invalidQuery(`unexpected '${text.slice(pos)}'`);
	return result;
}

function unescape(value: string): string {
	return value.replace(/\\([(),\\])/g, '$1');
}

function splitUnescaped(value: string): string[] {
	const parts: string[] = [];
	let current = '';
	for (let i = 0; i < value.length; i++) {
		if (value[i] === '\\' && i + 1 < value.length) {
			current += value[i + 1];
			i += 1;
		} else if (value[i] === ',') {
			parts.push(current);
			current = '';
		} else current += value[i];
	}
	parts.push(current);
	return parts;
}

const text = (value: unknown): string | undefined => {
	if (typeof value === 'string') return value.toLowerCase();
	if (typeof value === 'number' || typeof value === 'boolean') return String(value).toLowerCase();
	if (typeof value === 'object' && value !== null && 'id' in value)
		return String((value as { id: unknown }).id).toLowerCase();
	return undefined;
};

/**
 * Evaluates one condition. v8: `equals` behaves like contains (search-records v8 doc); `equals: 'exact'` is
 * the other reading (behaviour switch searchEquals).
 */
export function matchesCondition(
	record: Record<string, unknown>,
	condition: Condition,
	equals: 'contains' | 'exact' = 'contains',
): boolean {
	const actual = text(record[condition.field]);
	const wanted = condition.values.map((v) => v.toLowerCase());
	if (actual === undefined) return condition.operator === 'not_equal';
	switch (condition.operator) {
		case 'equals':
			return equals === 'exact' ? actual === wanted[0] : actual.includes(wanted[0]);
		case 'not_equal':
			return actual !== wanted[0];
		case 'starts_with':
			return actual.startsWith(wanted[0]);
		case 'in':
			return wanted.includes(actual);
		case 'greater_than':
			return actual > wanted[0];
		case 'greater_equal':
			return actual >= wanted[0];
		case 'less_than':
			return actual < wanted[0];
		case 'less_equal':
			return actual <= wanted[0];
		case 'between':
			return actual >= wanted[0] && actual <= (wanted[1] ?? wanted[0]);
		default:
			return false;
	}
}

export function matchesCriteria(
	record: Record<string, unknown>,
	criteria: Criteria,
	equals: 'contains' | 'exact' = 'contains',
): boolean {
	if ('condition' in criteria) return matchesCondition(record, criteria.condition, equals);
	return criteria.op === 'and'
		? matchesCriteria(record, criteria.left, equals) &&
				matchesCriteria(record, criteria.right, equals)
		: matchesCriteria(record, criteria.left, equals) ||
				matchesCriteria(record, criteria.right, equals);
}

export function criteriaFields(criteria: Criteria): string[] {
	return 'condition' in criteria
		? [criteria.condition.field]
		: [...criteriaFields(criteria.left), ...criteriaFields(criteria.right)];
}
