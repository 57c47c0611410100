// Validates sandbox answers and webhook bodies against TimelinesAI's official specs
// (../shared/reference/timelinesai-oas: Public API 1.3.0 = OpenAPI 3.0.3, webhooks 2.0.0 = OpenAPI 3.1) with
// ajv, the schemas as written. One relaxation, taken from the spec's own text: a property whose description
// says it is "`null`" in some case (ChatInfo.phone "`null` for group chats", ChatInfo.responsible_email
// "`null` if the chat is unassigned", MessageInfo.text "`null` for attachment-only messages") accepts null —
// the generated schemas forget `nullable` there. Everything else (required, types, enums, maxLength) is strict.
import { readFileSync } from 'node:fs';
import path from 'node:path';

import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

/** In CI the specs sit beside the repository: <repo>/../shared/reference/timelinesai-oas. */
export const TIMELINES_OAS_DIR = path.resolve(
	__dirname,
	'../../..',
	'../shared/reference/timelinesai-oas',
);
const API_ID = 'timelines-public-api';
const WEBHOOK_ID = 'timelines-webhooks';

type Json = Record<string, unknown>;

export interface SpecOperation {
	method: string;
	path: string;
	deprecated: boolean;
	statuses: string[];
	queryParameters: string[];
}

function readYaml(file: string): Json {
	// The Public API file repeats the YAML merge key (`<<: *http_errors_common` + `<<: *http_errors_too_large`).
	return parse(readFileSync(path.join(TIMELINES_OAS_DIR, file), 'utf8'), {
		merge: true,
		uniqueKeys: false,
		maxAliasCount: -1,
	}) as Json;
}

function nullableByDescription(node: unknown): unknown {
	if (Array.isArray(node)) return node.map(nullableByDescription);
	if (typeof node !== 'object' || node === null) return node;
	const out: Json = {};
	for (const [key, value] of Object.entries(node)) out[key] = nullableByDescription(value);
	if (
		typeof out.type === 'string' &&
		typeof out.description === 'string' &&
		/`null`/.test(out.description)
	)
		out.nullable = true;
	return out;
}

const pointerPart = (value: string): string =>
	encodeURIComponent(value.replace(/~/g, '~0').replace(/\//g, '~1'));
const readable = (validate: ValidateFunction): string[] =>
	(validate.errors ?? []).map(
		(e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`,
	);

export class TimelinesOasValidator {
	private readonly ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
	readonly api: Json;
	readonly webhookSpec: Json;

	constructor() {
		addFormats(this.ajv);
		this.ajv.addFormat('binary', true);
		this.api = nullableByDescription(readYaml('public_api_spec.yaml')) as Json;
		this.webhookSpec = readYaml('webhook_spec.yaml');
		this.ajv.addSchema(this.api as object, API_ID);
		this.ajv.addSchema(this.webhookSpec as object, WEBHOOK_ID);
	}

	private get paths(): Record<string, Record<string, Json>> {
		return this.api.paths as Record<string, Record<string, Json>>;
	}

	/** Every operation of the Public API spec. */
	operations(): SpecOperation[] {
		const list: SpecOperation[] = [];
		for (const [specPath, item] of Object.entries(this.paths)) {
			for (const [method, operation] of Object.entries(item)) {
				if (typeof operation !== 'object' || operation === null || !('responses' in operation))
					continue;
				const shared = (this.api.components as Json).parameters as Record<string, Json>;
				const parameters = ((operation.parameters ?? []) as Json[]).map((p) =>
					typeof p.$ref === 'string' ? shared[p.$ref.split('/').pop() as string] : p,
				);
				list.push({
					method: method.toUpperCase(),
					path: specPath,
					deprecated: operation.deprecated === true,
					statuses: Object.keys(operation.responses as Json),
					queryParameters: parameters.filter((p) => p.in === 'query').map((p) => String(p.name)),
				});
			}
		}
		return list;
	}

	/** components.schemas.WebhookEventType.enum of the Public API spec */
	eventTypeEnum(): string[] {
		const schemas = (this.api.components as Json).schemas as Record<string, Json>;
		return schemas.WebhookEventType.enum as string[];
	}

	/** The events the webhook spec documents a body for */
	webhookEvents(): string[] {
		return Object.keys(this.webhookSpec.webhooks as Json);
	}

	/** The JSON schema pointer of an operation's answer; undefined when that status has no JSON body. */
	private responsePointer(method: string, specPath: string, status: number): string | undefined {
		const operation = this.paths[specPath]?.[method.toLowerCase()] as Json | undefined;
		if (!operation) throw new Error(`No ${method} ${specPath} in the Public API spec`);
		const responses = operation.responses as Record<string, Json>;
		const response = responses[String(status)];
		if (!response)
			throw new Error(
				`${method} ${specPath} documents no ${status} answer (it documents ${Object.keys(responses).join(', ')})`,
			);
		if (typeof response.$ref === 'string') {
			const name = response.$ref.split('/').pop() as string;
			const shared = ((this.api.components as Json).responses as Record<string, Json>)[name];
			return (shared.content as Json | undefined)?.['application/json']
				? `${API_ID}#/components/responses/${pointerPart(name)}/content/application~1json/schema`
				: undefined;
		}
		if (!(response.content as Json | undefined)?.['application/json']) return undefined;
		return `${API_ID}#/paths/${pointerPart(specPath)}/${method.toLowerCase()}/responses/${status}/content/application~1json/schema`;
	}

	/** Whether the spec gives this answer a JSON schema (401 and DELETE's 200 have none). */
	hasBody(method: string, specPath: string, status: number): boolean {
		return this.responsePointer(method, specPath, status) !== undefined;
	}

	/** ajv's errors of an answer against the operation's documented response; [] when valid. */
	responseErrors(method: string, specPath: string, status: number, body: unknown): string[] {
		const pointer = this.responsePointer(method, specPath, status);
		if (!pointer) return [];
		const validate = this.ajv.getSchema(pointer);
		if (!validate) throw new Error(`ajv could not resolve ${pointer}`);
		return validate(body) ? [] : readable(validate);
	}

	/** Errors against a named component schema of the Public API spec (e.g. ErrorResponse). */
	componentErrors(schema: string, body: unknown): string[] {
		const validate = this.ajv.getSchema(`${API_ID}#/components/schemas/${pointerPart(schema)}`);
		if (!validate) throw new Error(`No schema ${schema} in the Public API spec`);
		return validate(body) ? [] : readable(validate);
	}

	/** Errors of a webhook body against the webhook spec's request body for its event type. */
	webhookErrors(eventType: string, body: unknown): string[] {
		const pointer = `${WEBHOOK_ID}#/webhooks/${pointerPart(eventType)}/post/requestBody/content/application~1json/schema`;
		const validate = this.ajv.getSchema(pointer);
		if (!validate) throw new Error(`The webhook spec has no event ${eventType}`);
		return validate(body) ? [] : readable(validate);
	}
}
