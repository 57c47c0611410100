import { ZohoCrmResolveOwner } from '../../../../nodes/ZohoCrmResolveOwner/ZohoCrmResolveOwner.node';
import { searchActiveUsers } from '../../../../nodes/shared/n8n/zohoLoadOptions';
import { setUpNock, v8, zohoApi } from '../../transport/zoho/zohoExecution';
import { runZohoNode, zohoLoadOptionsContext } from '../zohoNodeRun';

setUpNock();

const SAM = { id: '4150868000000225013', email: 'sam@example.com', full_name: 'Sam Sales' };
const ANA = { id: '4150868000000225014', email: 'ana@example.com', full_name: 'Ana Admin' };
const ME = { id: '4150868000000225001', email: 'me@example.com', full_name: 'Connecting User' };

/** The owner directory: active users (one page) and the connecting user. */
function zohoUsers() {
	return zohoApi()
		.get(v8('/users'))
		.query({ type: 'ActiveUsers', page: '1', per_page: '200' })
		.reply(200, { users: [SAM, ANA, ME], info: { more_records: false } })
		.get(v8('/users'))
		.query({ type: 'CurrentUser' })
		.reply(200, { users: [ME] });
}

let runs = 0;
async function ownerOf(typeVersion: number, fallbackUserId?: unknown) {
	const scope = zohoUsers();
	const { outputs } = await runZohoNode({
		node: new ZohoCrmResolveOwner(),
		typeVersion,
		// No email matches a Zoho user, so the fallback (or the connecting user) decides.
		parameters: fallbackUserId === undefined ? {} : { fallbackUserId: fallbackUserId as string },
		items: [{ message: { responsible: { email: 'nobody@example.com' } } }],
		credentialId: `resolve-owner-${++runs}`,
	});
	expect(scope.isDone()).toBe(true);
	return outputs[0][0].json.owner;
}

describe('Zoho CRM Resolve Owner — Fallback User', () => {
	it('is version 2 by default; version 1 stays available', () => {
		const { description } = new ZohoCrmResolveOwner();
		expect(description.version).toEqual([1, 2]);
		expect(description.defaultVersion).toBe(2);
		const fallback = description.properties.filter((p) => p.name === 'fallbackUserId');
		expect(fallback.map((p) => [p.type, p.displayOptions?.show?.['@version']])).toEqual([
			['options', [1]],
			['resourceLocator', [{ _cnd: { gte: 2 } }]],
		]);
	});

	it.each([
		['version 1 (the dropdown value)', 1, SAM.id],
		['version 2, From List', 2, { __rl: true, mode: 'list', value: SAM.id }],
		['version 2, By ID', 2, { __rl: true, mode: 'id', value: SAM.id }],
		['version 2, a plain string (a workflow saved before the locator)', 2, SAM.id],
	])('owns the record by the chosen user in %s', async (_case, typeVersion, value) => {
		expect(await ownerOf(typeVersion, value)).toEqual({
			id: SAM.id,
			rule: 'fallback_user',
			email: null,
		});
	});

	it.each([
		['version 1, empty', 1, ''],
		['version 2, left at its default', 2, undefined],
		['version 2, an empty locator', 2, { __rl: true, mode: 'list', value: '' }],
	])(
		'falls back to the connecting user in %s, as version 1 does',
		async (_case, version, value) => {
			expect(await ownerOf(version, value)).toEqual({
				id: ME.id,
				rule: 'connecting_user',
				email: null,
			});
		},
	);

	it('refuses an ID that is not a number', async () => {
		zohoUsers();
		await expect(
			runZohoNode({
				node: new ZohoCrmResolveOwner(),
				typeVersion: 2,
				parameters: { fallbackUserId: { __rl: true, mode: 'id', value: 'sam' } },
				credentialId: `resolve-owner-${++runs}`,
			}),
		).rejects.toThrow(/A Zoho user ID is a number/);
	});
});

describe('Zoho CRM Resolve Owner — user list search', () => {
	const search = (credentialId: string, filter?: string) =>
		searchActiveUsers.call(zohoLoadOptionsContext(new ZohoCrmResolveOwner(), credentialId), filter);

	it('lists every page of active users as "Full Name (email)" → id, sorted by name', async () => {
		const scope = zohoApi()
			.get(v8('/users'))
			.query({ type: 'ActiveUsers', page: '1', per_page: '200' })
			.reply(200, { users: [SAM, ME], info: { more_records: true } })
			.get(v8('/users'))
			.query({ type: 'ActiveUsers', page: '2', per_page: '200' })
			.reply(200, { users: [{ id: '4150868000000225015', email: 'no.name@example.com' }] });
		expect(await search('user-search-1')).toEqual({
			results: [
				{ name: 'Connecting User (me@example.com)', value: ME.id },
				{ name: 'no.name@example.com', value: '4150868000000225015' },
				{ name: 'Sam Sales (sam@example.com)', value: SAM.id },
			],
		});
		expect(scope.isDone()).toBe(true);
	});

	it('keeps the users whose name or email contains the search term, asking Zoho once', async () => {
		const scope = zohoApi()
			.get(v8('/users'))
			.query({ type: 'ActiveUsers', page: '1', per_page: '200' })
			.once()
			.reply(200, { users: [SAM, ANA, ME], info: { more_records: false } });
		expect((await search('user-search-2', 'SALES')).results).toEqual([
			{ name: 'Sam Sales (sam@example.com)', value: SAM.id },
		]);
		expect((await search('user-search-2', 'ana@')).results).toEqual([
			{ name: 'Ana Admin (ana@example.com)', value: ANA.id },
		]);
		expect((await search('user-search-2', 'nobody')).results).toEqual([]);
		expect(scope.isDone()).toBe(true);
	});
});
