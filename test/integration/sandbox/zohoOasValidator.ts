// Validates sandbox answers against Zoho's official OpenAPI v8 files (../shared/reference/zoho-crm-oas-v8)
// with ajv. The files cross-reference each other by absolute GitHub URLs; each file is registered under
// its URL. Files not copied into the reference (tags, profiles, custom views, related lists) are stubbed
// with permissive schemas for exactly the names referenced — the only place this check is weaker.
// The official files use `oneOf` between alternatives that are not mutually exclusive (API_Exception
// requires no property, so every object matches it as well as the success shape): `oneOf` is read as
// `anyOf`, which is what the files mean. Zoho's own samples carry `null` for many typed properties
// (`$attachments`, `Deals` after a conversion without a deal) while the generated files never say
// `nullable`: every typed property accepts null here.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

const OAS_DIR = path.resolve(__dirname, '../../../../shared/reference/zoho-crm-oas-v8');
const BASE = 'https://raw.githubusercontent.com/Zohocorp-Pvt-Ltd/crm-oas/refs/heads/main/v8.0/';

interface OasDocument {
	paths?: Record<
		string,
		Record<string, { responses?: Record<string, { content?: Record<string, unknown> }> }>
	>;
	components?: Record<string, Record<string, unknown>>;
}

function nullable(node: unknown): unknown {
	if (Array.isArray(node)) return node.map(nullable);
	if (typeof node !== 'object' || node === null) return node;
	const out: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(node)) out[key] = nullable(value);
	if (typeof out.type === 'string' && out.type !== 'null' && out.nullable === undefined)
		out.nullable = true;
	return out;
}

function pointerPart(value: string): string {
	return encodeURIComponent(value.replace(/~/g, '~0').replace(/\//g, '~1'));
}

export class ZohoOasValidator {
	private readonly ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
	private readonly documents = new Map<string, OasDocument>();
	private readonly cache = new Map<string, ValidateFunction>();

	constructor() {
		addFormats(this.ajv);
		const files = readdirSync(OAS_DIR).filter((file) => file.endsWith('.json'));
		const referenced = new Map<string, Set<string>>();
		for (const file of files) {
			const text = readFileSync(path.join(OAS_DIR, file), 'utf8').replace(
				/"oneOf"\s*:/g,
				'"anyOf":',
			);
			const document = nullable(JSON.parse(text)) as OasDocument;
			this.documents.set(file, document);
			this.ajv.addSchema(document as object, `${BASE}${file}`);
			for (const match of text.matchAll(
				/"\$ref"\s*:\s*"https:\/\/raw\.githubusercontent\.com\/Zohocorp-Pvt-Ltd\/crm-oas\/refs\/heads\/main\/v8\.0\/([^"#]+)#\/components\/schemas\/([^"]+)"/g,
			)) {
				if (!referenced.has(match[1])) referenced.set(match[1], new Set());
				referenced.get(match[1])?.add(match[2]);
			}
		}
		for (const [file, names] of referenced) {
			if (this.documents.has(file)) continue;
			const schemas = Object.fromEntries([...names].map((name) => [name, {}]));
			this.ajv.addSchema({ components: { schemas } }, `${BASE}${file}`);
		}
	}

	/** The response schema of an operation, e.g. ('record.json', '/crm/v8/{module_api_name}', 'post', 200). */
	private validator(
		file: string,
		oasPath: string,
		method: string,
		status: number,
	): ValidateFunction {
		const key = `${file} ${method} ${oasPath} ${status}`;
		const cached = this.cache.get(key);
		if (cached) return cached;
		const operation = this.documents.get(file)?.paths?.[oasPath]?.[method];
		if (!operation) throw new Error(`No ${method.toUpperCase()} ${oasPath} in ${file}`);
		if (!operation.responses?.[String(status)]?.content?.['application/json'])
			throw new Error(
				`${file} ${method.toUpperCase()} ${oasPath} has no JSON response for ${status}`,
			);
		const ref = `${BASE}${file}#/paths/${pointerPart(oasPath)}/${method}/responses/${status}/content/application~1json/schema`;
		const validate = this.ajv.getSchema(ref);
		if (!validate) throw new Error(`ajv could not resolve ${ref}`);
		this.cache.set(key, validate);
		return validate;
	}

	/** Errors of a body against a named component schema (for operations whose OAS response has no schema). */
	// The users, modules and fields components were generated from one example each: every property
	// `required`, enums and patterns taken from that example's values (an email pattern of 9 + 5 letters).
	// Only their data types carry information, so `typesOnly` keeps just the `type` errors.
	componentErrors(file: string, schema: string, body: unknown, typesOnly = true): string[] {
		const validate = this.ajv.getSchema(
			`${BASE}${file}#/components/schemas/${pointerPart(schema)}`,
		);
		if (!validate) throw new Error(`No schema ${schema} in ${file}`);
		if (validate(body)) return [];
		return (validate.errors ?? [])
			.filter((error) => !typesOnly || error.keyword === 'type')
			.map(
				(error) =>
					`${error.instancePath || '/'} ${error.message ?? ''} ${JSON.stringify(error.params)}`,
			);
	}

	/** Empty list when the body matches the schema; else ajv's errors as readable lines. */
	errors(file: string, oasPath: string, method: string, status: number, body: unknown): string[] {
		const validate = this.validator(file, oasPath, method, status);
		if (validate(body)) return [];
		return (validate.errors ?? []).map(
			(error) =>
				`${error.instancePath || '/'} ${error.message ?? ''} ${JSON.stringify(error.params)}`,
		);
	}
}
