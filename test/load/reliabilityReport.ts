// docs/reliability.md holds one section per kind of run (single process, queue mode, queue mode without
// the lock); a run rewrites only its own section, between its markers, and keeps the others.
export interface ReliabilitySection {
	id:
		| 'single-process'
		| 'queue-mode'
		| 'queue-mode-no-lock'
		| 'chaos-single-process'
		| 'chaos-queue-mode';
	body: string;
}

const HEADINGS: Record<ReliabilitySection['id'], string> = {
	'single-process': '## Single n8n process (`npm run test:load`)',
	'queue-mode': '## Queue mode: main + 2 workers, Redis lock (`npm run test:load -- --queue`)',
	'queue-mode-no-lock': '## Queue mode without the lock (`npm run test:load -- --queue --no-lock`)',
	'chaos-single-process': '### Chaos, single n8n process (`npm run test:chaos`)',
	'chaos-queue-mode': '### Chaos, queue mode (`npm run test:chaos -- --queue`)',
};

const INTRO =
	'# Reliability under load\n\n' +
	'Written by `npm run test:load`. Each message is delivered twice by the sandbox\'s TimelinesAI (a retry storm); "faults" adds 7 % 429, 7 % 500 and 6 % slow (1.5 s) Zoho answers and expires every access token halfway. ' +
	"Lost / doubled are counted per message uid against every note line in Zoho; duplicate records are leads sharing a number; failed executions are then retried from n8n's execution list.\n";

const start = (id: string) => `<!-- ${id}:start -->`;
const end = (id: string) => `<!-- ${id}:end -->`;

export function reliabilitySection(section: ReliabilitySection): ReliabilitySection {
	return { id: section.id, body: section.body.trim() };
}

function template(): string {
	return [
		INTRO,
		...Object.entries(HEADINGS).map(
			([id, heading]) => `${heading}\n\n${start(id)}\nNot measured yet.\n${end(id)}\n`,
		),
	].join('\n');
}

/** The document with the section's body replaced (the document is created, with every section, when it has no markers). */
export function withSection(document: string, section: ReliabilitySection): string {
	const base =
		document.includes(start(section.id)) && document.includes(end(section.id))
			? document
			: template();
	const from = base.indexOf(start(section.id)) + start(section.id).length;
	const to = base.indexOf(end(section.id));
	return `${base.slice(0, from)}\n${section.body}\n${base.slice(to)}`;
}
