import { parseGroupMembers } from '../../../../nodes/shared/transport/timelinesai/groupMembers';

describe("a group chat's members (GET /chats/{id} group_members)", () => {
	it('keeps name, phone and role; a member without a phone keeps its name; junk is dropped', () => {
		expect(
			parseGroupMembers({
				id: 77,
				is_group: true,
				group_members: [
					{ name: 'Ana Silva', phone: '+447700900201', role: 'admin', chat_id: 5 },
					{ name: 'Privacy Id', phone: null, role: 'member', chat_id: null },
					{ name: '', phone: '' },
					'not a member',
					null,
				],
			}),
		).toEqual([
			{ name: 'Ana Silva', phone: '+447700900201', role: 'admin' },
			{ name: 'Privacy Id', phone: undefined, role: 'member' },
		]);
	});

	it('is empty for a direct chat or an answer without the list', () => {
		expect(parseGroupMembers({ id: 5, is_group: false, phone: '+447700900201' })).toEqual([]);
		expect(parseGroupMembers({ group_members: 'none' })).toEqual([]);
		expect(parseGroupMembers(null)).toEqual([]);
	});
});
