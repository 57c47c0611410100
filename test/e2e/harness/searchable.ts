import { SANDBOX_STATIC_ACCESS_TOKEN } from '../../../sandbox';
import { waitFor } from './waitFor';

/**
 * Waits until Zoho's search finds a record a test just created through the CRM API "as a person in Zoho".
 * Zoho's search index may lag a just-written record (UNVERIFIED; `SANDBOX_READING=other` plays a 5 s lag):
 * a message for a record created seconds before is the documented limit (README, unverified behaviours),
 * not what these tests are about.
 */
export async function untilSearchable(
	sandboxUrl: string,
	module: string,
	field: string,
	phone: string,
): Promise<void> {
	const criteria = encodeURIComponent(`(${field}:equals:${phone})`);
	await waitFor(
		`${module} ${phone} searchable in Zoho`,
		async () => {
			const response = await fetch(`${sandboxUrl}/crm/v8/${module}/search?criteria=${criteria}`, {
				headers: { authorization: `Zoho-oauthtoken ${SANDBOX_STATIC_ACCESS_TOKEN}` },
			});
			return response.status === 200 ? true : undefined;
		},
		15_000,
		250,
	);
}
