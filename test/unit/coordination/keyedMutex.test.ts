import { KeyedMutex } from '../../../nodes/shared/coordination/keyedMutex';

describe('KeyedMutex', () => {
	it('runs tasks for the same key one at a time, in arrival order', async () => {
		const mutex = new KeyedMutex();
		const order: string[] = [];
		let inFlight = 0;
		const task = (name: string) => async (): Promise<string> => {
			inFlight += 1;
			expect(inFlight).toBe(1);
			order.push(`start:${name}`);
			await new Promise((resolve) => setImmediate(resolve));
			order.push(`end:${name}`);
			inFlight -= 1;
			return name;
		};
		const results = await Promise.all(
			['a', 'b', 'c'].map((name) => mutex.run('+447700900123', task(name))),
		);
		expect(results).toEqual(['a', 'b', 'c']);
		expect(order).toEqual(['start:a', 'end:a', 'start:b', 'end:b', 'start:c', 'end:c']);
	});

	it('lets different keys run concurrently', async () => {
		const mutex = new KeyedMutex();
		let release!: () => void;
		const blocker = mutex.run('a', () => new Promise<void>((resolve) => (release = resolve)));
		await expect(mutex.run('b', async () => 'b')).resolves.toBe('b');
		release();
		await blocker;
	});

	it('releases the key after a failing task and forgets idle keys', async () => {
		const mutex = new KeyedMutex();
		await expect(mutex.run('k', async () => Promise.reject(new Error('boom')))).rejects.toThrow(
			'boom',
		);
		await expect(mutex.run('k', async () => 'next')).resolves.toBe('next');
		expect(mutex.heldKeys()).toEqual([]);
	});
});
