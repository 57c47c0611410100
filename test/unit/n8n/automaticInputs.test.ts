import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import {
	AUTOMATIC_INPUTS,
	automaticValue,
	defaultExpression,
	readInput,
} from '../../../nodes/shared/n8n/automaticInputs';
import { matchOrCreateProperties } from '../../../nodes/ZohoCrmMatchOrCreate/matchOrCreateProperties';
import { resolveOwnerProperties } from '../../../nodes/ZohoCrmResolveOwner/resolveOwnerProperties';
import { upsertDailyNoteProperties } from '../../../nodes/ZohoCrmUpsertDailyNote/upsertDailyNoteProperties';

function context(parameters: IDataObject, json: IDataObject): IExecuteFunctions {
	return {
		getNodeParameter: (name: string, _index: number, fallback?: unknown) =>
			name in parameters ? parameters[name] : fallback,
		getInputData: () => [{ json }],
	} as unknown as IExecuteFunctions;
}

const item = {
	message: {
		contactPhone: '+447700900123',
		chatName: 'Chat',
		responsible: { email: 'ana@example.com' },
	},
	zoho: { name: '' },
};

describe('automatic inputs', () => {
	it("reads the pack's keys from the item in automatic mode (the default), ignoring the hidden field", () => {
		const ctx = context({ phone: '+15550000000' }, item);
		expect(readInput(ctx, 0, AUTOMATIC_INPUTS.phone)).toBe('+447700900123');
		expect(readInput(ctx, 0, AUTOMATIC_INPUTS.responsibleEmail)).toBe('ana@example.com');
	});

	it('uses the field when the input is defined below', () => {
		const ctx = context({ inputSource: 'define', phone: '+15550000000' }, item);
		expect(readInput(ctx, 0, AUTOMATIC_INPUTS.phone)).toBe('+15550000000');
	});

	it('falls back when the item lacks the key, and tries the paths in order', () => {
		expect(readInput(context({}, {}), 0, AUTOMATIC_INPUTS.isGroupChat, false)).toBe(false);
		expect(automaticValue(item, AUTOMATIC_INPUTS.recordName)).toBe('Chat');
		expect(automaticValue({ ...item, zoho: { name: 'Zoe' } }, AUTOMATIC_INPUTS.recordName)).toBe(
			'Zoe',
		);
	});

	it('gives every Define Below field the expression that reads what automatic mode reads', () => {
		expect(defaultExpression(AUTOMATIC_INPUTS.recordName)).toBe(
			'={{ $json.zoho.name || $json.message.chatName }}',
		);
		const properties = [
			...resolveOwnerProperties,
			...matchOrCreateProperties,
			...upsertDailyNoteProperties,
		];
		const expressions = properties.filter(
			(p) => typeof p.default === 'string' && p.default.startsWith('={{ $json.'),
		);
		// Each input has its field (Message is one on both Match or Create and Upsert Daily Note).
		const fields = new Set(expressions.map((p) => `${p.name} ${String(p.default)}`));
		expect(fields.size).toBe(Object.keys(AUTOMATIC_INPUTS).length);
		for (const property of expressions) {
			const input = Object.values(AUTOMATIC_INPUTS).find(
				(i) => i.parameter === property.name && defaultExpression(i) === property.default,
			);
			expect(input).toBeDefined();
		}
	});

	it('is the only place that writes an item path as an expression in the Zoho nodes', () => {
		const root = path.resolve(__dirname, '../../../nodes');
		for (const file of [
			'ZohoCrmMatchOrCreate/matchOrCreateProperties.ts',
			'ZohoCrmUpsertDailyNote/upsertDailyNoteProperties.ts',
			'ZohoCrmResolveOwner/resolveOwnerProperties.ts',
		]) {
			expect(readFileSync(path.join(root, file), 'utf8')).not.toMatch(/\$json\./);
		}
	});
});
