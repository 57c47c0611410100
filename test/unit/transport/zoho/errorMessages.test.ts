import { NodeApiError } from 'n8n-workflow';

import { ZohoCrmHttpApi } from '../../../../nodes/shared/transport/zoho/zohoCrmHttpApi';
import { rejectionOf, setUpNock, v8, zohoApi, zohoExecution } from './zohoExecution';

setUpNock();

let credentials = 0;
const newApi = () =>
	new ZohoCrmHttpApi(zohoExecution({ credentialId: `messages-${++credentials}` }).context);

async function searchRefusedWith(status: number, body: object): Promise<NodeApiError> {
	const scope = zohoApi().get(v8('/Leads/search')).query(true).reply(status, body);
	const error = await rejectionOf(
		newApi().searchRecords('Leads', '(Mobile:equals:4915112345678)', { fields: ['Mobile'] }),
		NodeApiError,
	);
	expect(scope.isDone()).toBe(true);
	return error;
}

describe('Zoho transport — error messages', () => {
	it("names the profile permission Zoho's NO_PERMISSION reports and where to grant it", async () => {
		const error = await searchRefusedWith(403, {
			code: 'NO_PERMISSION',
			details: { permissions: ['Crm_Implied_View_Leads'] },
			message: 'permission denied',
			status: 'error',
		});
		expect(error.message).toBe('Zoho CRM: NO_PERMISSION — permission denied');
		expect(error.description).toContain(
			"The connected Zoho user's profile lacks the permission Crm_Implied_View_Leads.",
		);
		expect(error.description).toContain('Setup → Users and Control → Security Control → Profiles');
		expect(error.httpCode).toBe('403');
	});

	it('still explains NO_PERMISSION when Zoho names no permission', async () => {
		const error = await searchRefusedWith(403, {
			code: 'NO_PERMISSION',
			details: {},
			message: 'permission denied',
			status: 'error',
		});
		expect(error.description).toContain(
			"The connected Zoho user's profile lacks a permission this call needs (Zoho did not name it).",
		);
	});

	it("keeps Zoho's code and message for a code it has no hint for, and falls back to the HTTP status without a code", async () => {
		const unknownCode = await searchRefusedWith(400, {
			code: 'LIMIT_REACHED',
			details: { limit: 2000 },
			message: 'maximum limit reached',
			status: 'error',
		});
		expect(unknownCode.message).toBe('Zoho CRM: LIMIT_REACHED — maximum limit reached');
		const noBody = await searchRefusedWith(404, {});
		expect(noBody.message).toBe('Zoho CRM: HTTP 404');
	});

	it("keeps Zoho's answer (code, message and details) on the error for the execution log", async () => {
		const error = await searchRefusedWith(403, {
			code: 'NO_PERMISSION',
			details: { permissions: ['Crm_Implied_Api_Access'] },
			message: 'permission denied',
			status: 'error',
		});
		expect(error.errorResponse).toEqual(
			expect.objectContaining({
				code: 'NO_PERMISSION',
				details: { permissions: ['Crm_Implied_Api_Access'] },
			}),
		);
	});
});
