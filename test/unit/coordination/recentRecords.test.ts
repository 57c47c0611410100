import type { LockLease } from '../../../nodes/shared/coordination/distributedLock';
import {
	forgetRecentRecord,
	recentRecordOf,
	rememberRecentRecord,
	RECENT_RECORD_MAX_AGE_MS,
} from '../../../nodes/shared/coordination/recentRecords';

let n = 0;
const fresh = () => `cred-recent-${n++}`;
const lease = (lastHolder: LockLease['lastHolder'], left?: string): LockLease => ({
	lastHolder,
	left,
	leave: () => undefined,
});
const lead = (id: string) => ({ module: 'Leads', phoneField: 'Mobile', id });

describe('recentRecords', () => {
	it('leaves the record with the lock, and the next holder in another process reads it back', () => {
		const cred = fresh();
		let left = '';
		rememberRecentRecord(cred, '+447700900123', lead('L1'), {
			...lease('none'),
			leave: (value) => (left = value),
		});
		const other = fresh(); // nothing known in "this" process for that credential
		expect(recentRecordOf(other, 'Leads', '+447700900123', lease('other', left))).toMatchObject(
			lead('L1'),
		);
	});

	it('ignores what another process left when it is garbage, another module, or older than ten minutes', () => {
		const cred = fresh();
		const now = Date.now();
		const left = (at: number, module = 'Leads') =>
			JSON.stringify({ module, phoneField: 'Mobile', id: 'L1', at });
		expect(recentRecordOf(cred, 'Leads', '+1', lease('other', 'not json'))).toBeUndefined();
		expect(recentRecordOf(cred, 'Leads', '+1', lease('other', '{"id":1}'))).toBeUndefined();
		expect(
			recentRecordOf(cred, 'Leads', '+1', lease('other', left(now, 'Contacts'))),
		).toBeUndefined();
		expect(
			recentRecordOf(
				cred,
				'Leads',
				'+1',
				lease('other', left(now - RECENT_RECORD_MAX_AGE_MS - 1)),
				now,
			),
		).toBeUndefined();
		// What this process left itself is read from its own memory, not from the lock.
		expect(recentRecordOf(cred, 'Leads', '+1', lease('this', left(now)))).toBeUndefined();
	});

	it('takes the newer of its own memory and the hand-over', () => {
		const cred = fresh();
		const now = Date.now();
		rememberRecentRecord(cred, '+1', lead('L-old'), undefined, now - 1000);
		const handedOver = JSON.stringify({ ...lead('L-new'), at: now });
		expect(recentRecordOf(cred, 'Leads', '+1', lease('other', handedOver), now)?.id).toBe('L-new');
		rememberRecentRecord(cred, '+1', lead('L-newest'), undefined, now + 1000);
		expect(recentRecordOf(cred, 'Leads', '+1', lease('other', handedOver), now)?.id).toBe(
			'L-newest',
		);
	});

	it('forgets a record Zoho no longer has', () => {
		const cred = fresh();
		rememberRecentRecord(cred, '+1', lead('L1'));
		forgetRecentRecord(cred, 'Leads', 'L1');
		expect(recentRecordOf(cred, 'Leads', '+1')).toBeUndefined();
	});
});
