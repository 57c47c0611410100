/**
 * n8n's INodeTypes for the test n8n: the pack's node classes from the TypeScript sources (so ts-jest runs
 * them, coverage included), under the names n8n gives a community package's nodes
 * (`n8n-nodes-timelinesai-zoho.<name>`), plus stand-ins for the n8n-nodes-base nodes the bundled
 * workflows use (No Operation passes its items on; a sticky note never runs; Set in raw mode; Data Table).
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypes,
	IVersionedNodeType,
} from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { DataTableStandIn } from './dataTableStandIn';

import { TimelinesAi } from '../../nodes/TimelinesAi/TimelinesAi.node';
import { TimelinesAiCatchUpTrigger } from '../../nodes/TimelinesAiCatchUpTrigger/TimelinesAiCatchUpTrigger.node';
import { TimelinesAiLiveChat } from '../../nodes/TimelinesAiLiveChat/TimelinesAiLiveChat.node';
import { TimelinesAiTrigger } from '../../nodes/TimelinesAiTrigger/TimelinesAiTrigger.node';
import { ZohoCrmMatchOrCreate } from '../../nodes/ZohoCrmMatchOrCreate/ZohoCrmMatchOrCreate.node';
import { ZohoCrmResolveOwner } from '../../nodes/ZohoCrmResolveOwner/ZohoCrmResolveOwner.node';
import { ZohoCrmUpsertDailyNote } from '../../nodes/ZohoCrmUpsertDailyNote/ZohoCrmUpsertDailyNote.node';

export const PACKAGE_NAME = 'n8n-nodes-timelinesai-zoho';

/** The type name n8n gives a node of this pack. */
export const packType = (node: INodeType): string => `${PACKAGE_NAME}.${node.description.name}`;

class NoOpStandIn implements INodeType {
	description: INodeType['description'] = {
		displayName: 'No Operation, do nothing',
		name: 'noOp',
		group: ['organization'],
		version: 1,
		description: 'Stand-in for n8n-nodes-base.noOp',
		defaults: { name: 'No Operation, do nothing' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData()];
	}
}

class StickyNoteStandIn implements INodeType {
	description: INodeType['description'] = {
		displayName: 'Sticky Note',
		name: 'stickyNote',
		group: ['input'],
		version: 1,
		description: 'Stand-in for n8n-nodes-base.stickyNote',
		defaults: { name: 'Sticky Note' },
		inputs: [],
		outputs: [],
		properties: [
			{ displayName: 'Content', name: 'content', type: 'string', default: '' },
			{ displayName: 'Height', name: 'height', type: 'number', default: 160 },
			{ displayName: 'Width', name: 'width', type: 'number', default: 240 },
			{ displayName: 'Color', name: 'color', type: 'number', default: 1 },
		],
	};
}

/** The sync workflow's nightly Sync Log Retention: declared only (the harness never starts its schedule). */
class ScheduleTriggerStandIn implements INodeType {
	description: INodeType['description'] = {
		displayName: 'Schedule Trigger',
		name: 'scheduleTrigger',
		group: ['trigger', 'schedule'],
		version: [1, 1.1, 1.2],
		description: 'Stand-in for n8n-nodes-base.scheduleTrigger',
		defaults: { name: 'Schedule Trigger' },
		inputs: [],
		outputs: ['main'],
		properties: [{ displayName: 'Rule', name: 'rule', type: 'json', default: {} }],
	};
}

/**
 * Edit Fields (Set) in raw mode without "include other input fields", as the bundled Sync Log Row uses it:
 * each item becomes the object its JSON expression evaluates to (n8n-core evaluates the expression).
 */
class SetRawStandIn implements INodeType {
	description: INodeType['description'] = {
		displayName: 'Edit Fields (Set)',
		name: 'set',
		group: ['input'],
		version: [3.3, 3.4],
		description: 'Stand-in for n8n-nodes-base.set (mode: raw)',
		defaults: { name: 'Edit Fields' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [
			{ displayName: 'Mode', name: 'mode', type: 'string', default: 'raw' },
			{ displayName: 'JSON', name: 'jsonOutput', type: 'json', default: '{}' },
			{ displayName: 'Options', name: 'options', type: 'json', default: {} },
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [
			this.getInputData().map((_, index) => {
				if (this.getNodeParameter('mode', index) !== 'raw')
					throw new Error('Test n8n: the Set stand-in knows raw mode only');
				const value = this.getNodeParameter('jsonOutput', index) as unknown;
				const json = (typeof value === 'string' ? JSON.parse(value) : value) as IDataObject;
				return { json, pairedItem: { item: index } };
			}),
		];
	}
}

export class PackNodeTypes implements INodeTypes {
	private readonly types = new Map<string, INodeType>();

	/** `extra`: node types a test adds (e.g. a probe node), served under their own full names. */
	constructor(extra: Record<string, INodeType> = {}) {
		for (const node of [
			new TimelinesAi(),
			new TimelinesAiLiveChat(),
			new TimelinesAiTrigger(),
			new TimelinesAiCatchUpTrigger(),
			new ZohoCrmMatchOrCreate(),
			new ZohoCrmResolveOwner(),
			new ZohoCrmUpsertDailyNote(),
		] as INodeType[])
			this.types.set(packType(node), node);
		this.types.set('n8n-nodes-base.noOp', new NoOpStandIn());
		this.types.set('n8n-nodes-base.stickyNote', new StickyNoteStandIn());
		this.types.set('n8n-nodes-base.dataTable', new DataTableStandIn());
		this.types.set('n8n-nodes-base.scheduleTrigger', new ScheduleTriggerStandIn());
		this.types.set('n8n-nodes-base.set', new SetRawStandIn());
		for (const [name, type] of Object.entries(extra)) this.types.set(name, type);
	}

	getByName(nodeType: string): INodeType | IVersionedNodeType {
		const type = this.types.get(nodeType);
		if (!type) throw new Error(`Test n8n: unknown node type ${nodeType}`);
		return type;
	}

	getByNameAndVersion(nodeType: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(nodeType), version);
	}

	getKnownTypes(): IDataObject {
		return Object.fromEntries([...this.types.keys()].map((name) => [name, {}]));
	}
}
