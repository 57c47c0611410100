/** What the sync e2e files do to and read from the deployed sync workflow through public surfaces. */
import type { PipelineStack } from '../../../scripts/lib/pipelineStack';
import { waitFor } from './waitFor';

type WorkflowEdit = Parameters<PipelineStack['rest']['updateWorkflow']>[1];

/** The lead for a number once one of its notes contains `text`, with its notes. */
export async function leadWithNote(
	stack: PipelineStack,
	phone: string,
	text: string,
	timeoutMs: number,
) {
	return await waitFor(
		`a lead for ${phone} with a note containing "${text}"`,
		async () => {
			const [lead] = await stack.client.recordsByPhone('Leads', 'Mobile', phone);
			if (!lead) return undefined;
			const notes = await stack.client.notesOf('Leads', lead.id);
			return notes.some((note) => note.Note_Content.includes(text)) ? { lead, notes } : undefined;
		},
		timeoutMs,
	);
}

/** Edits the active sync workflow as a user would: deactivate, save, activate; returns once the trigger's
 * webhook is registered at TimelinesAI again. */
export async function editSyncWorkflow(stack: PipelineStack, edit: WorkflowEdit): Promise<void> {
	const syncId = stack.pipeline.sync.id;
	await stack.rest.deactivate(syncId);
	await stack.rest.updateWorkflow(syncId, edit);
	await stack.rest.activate(syncId);
	await waitFor(
		'the trigger webhook registered again',
		async () =>
			(await stack.client.webhooks()).some((hook) =>
				hook.url.startsWith(`${stack.pipeline.triggerWebhookUrl}?secret=`),
			) || undefined,
	);
}
