import { withSection } from '../../load/reliabilityReport';

describe('docs/reliability.md sections', () => {
	it("rewrites only the section of the run and keeps the other runs' figures", () => {
		const first = withSection('', { id: 'single-process', body: 'single figures' });
		const both = withSection(first, { id: 'queue-mode', body: 'queue figures' });
		const again = withSection(both, { id: 'queue-mode', body: 'new queue figures' });
		expect(again).toContain('single figures');
		expect(again).toContain('new queue figures');
		expect(again).not.toContain('\nqueue figures');
		expect(again.match(/## Queue mode: main/g)).toHaveLength(1);
	});

	it('starts a document with every section, unmeasured ones marked so', () => {
		const document = withSection('# an old file without markers', {
			id: 'queue-mode',
			body: 'queue figures',
		});
		expect(document).toContain('queue figures');
		// five sections (load: single, queue, queue without the lock; chaos: single, queue), one written
		expect(document.match(/Not measured yet\./g)).toHaveLength(4);
		expect(document).toContain('### Chaos, queue mode');
		expect(document).not.toContain('an old file');
	});
});
