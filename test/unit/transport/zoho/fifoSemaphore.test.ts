import { FifoSemaphore } from '../../../../nodes/shared/transport/zoho/fifoSemaphore';

/** A task that runs until its test lets it finish. */
function gatedTask(log: string[], name: string) {
	let finish!: () => void;
	let fail!: (error: Error) => void;
	const done = new Promise<string>((resolve, reject) => {
		finish = () => resolve(name);
		fail = reject;
	});
	return {
		task: async () => {
			log.push(`start ${name}`);
			return await done;
		},
		finish: () => finish(),
		fail: (error: Error) => fail(error),
	};
}

const settle = async () => {
	for (let i = 0; i < 5; i++) await Promise.resolve();
};

describe('FifoSemaphore', () => {
	it('runs at most `limit` tasks at once and queues the rest', async () => {
		const semaphore = new FifoSemaphore(2);
		const log: string[] = [];
		const tasks = ['a', 'b', 'c', 'd'].map((name) => gatedTask(log, name));
		const results = tasks.map(({ task }) => semaphore.run(task));
		await settle();
		expect(log).toEqual(['start a', 'start b']);
		expect([semaphore.inUse, semaphore.queued]).toEqual([2, 2]);
		tasks.forEach(({ finish }) => finish());
		await expect(Promise.all(results)).resolves.toEqual(['a', 'b', 'c', 'd']);
		expect([semaphore.inUse, semaphore.queued]).toEqual([0, 0]);
	});

	it('starts waiting tasks in the order they arrived', async () => {
		const semaphore = new FifoSemaphore(1);
		const log: string[] = [];
		const tasks = ['first', 'second', 'third', 'fourth'].map((name) => gatedTask(log, name));
		const results = tasks.map(({ task }) => semaphore.run(task));
		for (const { finish } of [...tasks].reverse()) finish(); // completion order must not matter
		await Promise.all(results);
		expect(log).toEqual(['start first', 'start second', 'start third', 'start fourth']);
	});

	it('hands a freed slot to the longest waiter, not to a task that arrives at that moment', async () => {
		const semaphore = new FifoSemaphore(1);
		const log: string[] = [];
		const [holder, waiter, newcomer] = ['holder', 'waiter', 'newcomer'].map((name) =>
			gatedTask(log, name),
		);
		const running = [semaphore.run(holder.task), semaphore.run(waiter.task)];
		await settle();
		holder.finish();
		running.push(semaphore.run(newcomer.task));
		await settle();
		expect(log).toEqual(['start holder', 'start waiter']);
		expect(semaphore.inUse).toBe(1);
		waiter.finish();
		newcomer.finish();
		await Promise.all(running);
		expect(log).toEqual(['start holder', 'start waiter', 'start newcomer']);
	});

	it('frees the slot when a task throws, and passes the error on', async () => {
		const semaphore = new FifoSemaphore(1);
		const log: string[] = [];
		const [failing, next] = ['failing', 'next'].map((name) => gatedTask(log, name));
		const failed = semaphore.run(failing.task);
		const after = semaphore.run(next.task);
		failing.fail(new Error('Zoho said no'));
		await expect(failed).rejects.toThrow('Zoho said no');
		next.finish();
		await expect(after).resolves.toBe('next');
		expect(semaphore.inUse).toBe(0);
	});

	it('refuses a limit that is not a positive whole number', () => {
		expect(() => new FifoSemaphore(0)).toThrow(RangeError);
		expect(() => new FifoSemaphore(1.5)).toThrow(RangeError);
	});
});
