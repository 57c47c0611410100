import type { AllEntities } from 'n8n-workflow';

// Send and Wait (message → sendAndWait) is not per item: the router runs it before this map.
type NodeMap = {
	chat: 'findByPhone' | 'get' | 'getAll' | 'update';
	file: 'delete' | 'download' | 'getAll' | 'upload';
	message:
		| 'downloadAttachment'
		| 'get'
		| 'getAll'
		| 'getStatusHistory'
		| 'sendToChat'
		| 'sendToPhone';
	template: 'getAll';
	webhook: 'create' | 'delete' | 'getAll';
	whatsappAccount: 'getAll';
};

export type TimelinesAiType = AllEntities<NodeMap>;

/** What an operation returns for one input item: the API's `data`, or its list (one output item each). */
export type OperationResult = object | object[];
