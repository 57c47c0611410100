import { projectRecord } from './recordStore';
import { ZohoError } from './zohoError';
import type { ZohoRequest, ZohoResult } from './zohoRequest';
import { jsonBody } from './zohoRequest';
import type { StoredRecord } from './zohoTypes';

type Token = { kind: 'word' | 'string' | 'symbol'; text: string };
type Predicate = (record: StoredRecord) => boolean;

const syntaxError = (message: string): ZohoError =>
	new ZohoError(400, 'SYNTAX_ERROR', 'error occured while parsing the query', { reason: message });

function tokenize(query: string): Token[] {
	const tokens: Token[] = [];
	const pattern = /\s*(?:'((?:[^'\\]|\\.)*)'|(!=|<>|>=|<=|[(),=<>*])|([A-Za-z0-9_.$%]+))/gy;
	let match: RegExpExecArray | null;
	while ((match = pattern.exec(query)) !== null) {
		if (match[1] !== undefined)
			tokens.push({ kind: 'string', text: match[1].replace(/\\(.)/g, '$1') });
		else if (match[2] !== undefined) tokens.push({ kind: 'symbol', text: match[2] });
		else if (match[3] !== undefined) tokens.push({ kind: 'word', text: match[3] });
		if (pattern.lastIndex >= query.trimEnd().length) break;
	}
	if (pattern.lastIndex < query.trimEnd().length)
		throw syntaxError(`unexpected text at ${pattern.lastIndex}`);
	return tokens;
}

const fieldText = (value: unknown): string | undefined =>
	typeof value === 'string'
		? value
		: typeof value === 'number' || typeof value === 'boolean'
			? String(value)
			: typeof value === 'object' && value !== null && 'id' in value
				? String((value as { id: unknown }).id)
				: undefined;

/**
 * POST /crm/v8/coql — select … from … where … [limit n [offset m] | limit m, n]. Supports =, !=, like,
 * in, not in, is (not) null, and/or, parentheses. `=` is exact and case-sensitive (stricter reading;
 * Zoho doesn't document normalisation). WHERE is required (stricter: older COQL versions demanded it).
 * Converted leads are left out, like search (UNVERIFIED for COQL).
 */
export function runCoql(req: ZohoRequest): ZohoResult {
	const query = jsonBody(req).select_query;
	if (typeof query !== 'string' || query.trim() === '')
		throw new ZohoError(400, 'REQUIRED_PARAM_MISSING', 'select_query is missing', {
			param: 'select_query',
		});
	const tokens = tokenize(query);
	let pos = 0;
	const peek = (): string => (tokens[pos]?.text ?? '').toLowerCase();
	const next = (): Token => {
		const token = tokens[pos++];
		if (!token) throw syntaxError('unexpected end of query');
		return token;
	};
	const keyword = (word: string): void => {
		if (next().text.toLowerCase() !== word) throw syntaxError(`expected ${word}`);
	};
	keyword('select');
	const columns: string[] = [];
	do columns.push(next().text);
	while (peek() === ',' && next());
	keyword('from');
	const module = req.state.module(next().text);
	if (!module)
		throw new ZohoError(400, 'INVALID_QUERY', 'invalid query formed', { reason: 'invalid module' });
	const known = (field: string): string => {
		if (field !== 'id' && !module.fields.some((f) => f.api_name === field))
			throw new ZohoError(400, 'INVALID_QUERY', 'invalid query formed', {
				column_name: field,
				reason: 'invalid column',
			});
		return field;
	};
	columns.forEach(known);
	if (columns.length > 50)
		throw new ZohoError(400, 'LIMIT_EXCEEDED', 'select columns limit exceeded', { limit: 50 });
	const literal = (): string => {
		const token = next();
		if (token.kind === 'symbol') throw syntaxError(`unexpected ${token.text}`);
		return token.text;
	};
	const comparison = (): Predicate => {
		if (peek() === '(') {
			next();
			const inner = disjunction();
			keyword(')');
			return inner;
		}
		const field = known(next().text);
		const op = next().text.toLowerCase();
		const get = (r: StoredRecord): string | undefined => fieldText(r[field]);
		if (op === 'is') {
			const negate = peek() === 'not' && next() !== undefined;
			keyword('null');
			return (r) => (get(r) === undefined || get(r) === '') !== negate;
		}
		if (op === 'in' || (op === 'not' && peek() === 'in')) {
			if (op === 'not') next();
			keyword('(');
			const values: string[] = [literal()];
			while (peek() === ',') values.push((next(), literal()));
			keyword(')');
			if (values.length > 100)
				throw new ZohoError(400, 'LIMIT_EXCEEDED', 'in clause limit exceeded', { limit: 100 });
			return (r) => values.includes(get(r) ?? '\u0000') !== (op === 'not');
		}
		const value = literal();
		if (op === 'like') {
			const re = new RegExp(
				`^${value
					.split('%')
					.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
					.join('.*')}$`,
				'i',
			);
			return (r) => re.test(get(r) ?? '');
		}
		const compare: Record<string, (a: string) => boolean> = {
			'=': (a) => a === value,
			'!=': (a) => a !== value,
			'<>': (a) => a !== value,
			'>': (a) => a > value,
			'>=': (a) => a >= value,
			'<': (a) => a < value,
			'<=': (a) => a <= value,
		};
		const fn = compare[op];
		if (!fn) throw syntaxError(`unsupported operator ${op}`);
		return (r) => get(r) !== undefined && fn(get(r) ?? '');
	};
	const conjunction = (): Predicate => {
		let left = comparison();
		while (peek() === 'and') {
			next();
			const [a, b] = [left, comparison()];
			left = (r) => a(r) && b(r);
		}
		return left;
	};
	const disjunction = (): Predicate => {
		let left = conjunction();
		while (peek() === 'or') {
			next();
			const [a, b] = [left, conjunction()];
			left = (r) => a(r) || b(r);
		}
		return left;
	};
	if (peek() !== 'where') throw syntaxError('where clause is missing');
	next();
	const where = disjunction();
	let limit = 200;
	let offset = 0;
	if (peek() === 'limit') {
		next();
		const first = Number(literal());
		if (peek() === ',') {
			next();
			offset = first;
			limit = Number(literal());
		} else limit = first;
		if (peek() === 'offset') {
			next();
			offset = Number(literal());
		}
	}
	if (pos !== tokens.length) throw syntaxError(`unexpected ${tokens[pos].text}`);
	if (!Number.isInteger(limit) || limit < 1 || limit > 2000)
		throw new ZohoError(400, 'LIMIT_EXCEEDED', 'limit exceeded', { limit: 2000 });
	const all = [...req.state.recordsOf(module.api_name).values()].filter(
		(r) => r.Converted__s !== true && where(r),
	);
	const rows = all.slice(offset, offset + limit).map((r) => projectRecord(r, columns));
	if (rows.length === 0) return { status: 204 };
	return {
		status: 200,
		json: { data: rows, info: { count: rows.length, more_records: all.length > offset + limit } },
	};
}
