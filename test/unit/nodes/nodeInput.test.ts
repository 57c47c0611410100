import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { at, inputField } from '../../../nodes/shared/nodeInput';

function context(parameters: IDataObject, json: IDataObject): IExecuteFunctions {
	return {
		getNodeParameter: (name: string, _index: number, fallback?: unknown) => (name in parameters ? parameters[name] : fallback),
		getInputData: () => [{ json }],
	} as unknown as IExecuteFunctions;
}

const item = { message: { contactPhone: '+447700900123', responsible: { email: 'ana@example.com' } } };

describe('inputField', () => {
	it('reads the pack\'s keys from the item in automatic mode (the default), ignoring the hidden field', () => {
		const ctx = context({ phone: '+15550000000' }, item);
		expect(inputField(ctx, 0, 'phone', (json) => at(json, 'message', 'contactPhone'))).toBe('+447700900123');
		expect(inputField(ctx, 0, 'email', (json) => at(json, 'message', 'responsible', 'email'))).toBe('ana@example.com');
	});

	it('uses the field when the input is defined below', () => {
		const ctx = context({ inputSource: 'define', phone: '+15550000000' }, item);
		expect(inputField(ctx, 0, 'phone', (json) => at(json, 'message', 'contactPhone'))).toBe('+15550000000');
	});

	it('falls back when the item lacks the key', () => {
		const ctx = context({}, {});
		expect(inputField(ctx, 0, 'isGroupChat', (json) => at(json, 'message', 'isGroup'), false)).toBe(false);
		expect(at({ a: 'text' }, 'a', 'b')).toBeUndefined();
	});
});
