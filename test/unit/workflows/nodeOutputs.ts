import type { INodeParameters, INodeType } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { packType } from '../../nodeHarness/packNodeTypes';
import { nodeUnderTest } from '../../nodeHarness/runNode';
import { TestN8n } from '../../nodeHarness/testN8n';

/**
 * The main outputs n8n gives a pack node of a workflow file, by name: n8n's own reading of the description,
 * which may compute them from the version or the parameters (an `outputs` expression).
 */
export function outputNamesOf(
	nodeType: INodeType,
	node: { typeVersion: number; parameters: Record<string, unknown> },
): string[] {
	const { outputs, outputNames } = nodeType.description;
	if (Array.isArray(outputs)) return outputNames ?? outputs.map((output) => String(output));
	const definition = nodeUnderTest({
		type: packType(nodeType),
		typeVersion: node.typeVersion,
		parameters: node.parameters as INodeParameters,
	});
	const workflow = new TestN8n().workflow({ nodes: [definition] });
	return NodeHelpers.getNodeOutputs(workflow, definition, nodeType.description).map((output) =>
		typeof output === 'string' ? output : (output.displayName ?? output.type),
	);
}
