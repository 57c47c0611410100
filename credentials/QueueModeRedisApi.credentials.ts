import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

/**
 * The Redis the Zoho nodes take their queue-mode lock in (usually the one n8n's queue already uses).
 * A credential of this pack because a community node may not reference another package's credential
 * type (n8n's `redis` included). Tested by the Zoho nodes (a PING), as Redis speaks no HTTP.
 */
export class QueueModeRedisApi implements ICredentialType {
	name = 'queueModeRedisApi';

	displayName = 'Queue Mode Redis API';

	icon: Icon = {
		light: 'file:icons/queueModeRedis.svg',
		dark: 'file:icons/queueModeRedis.dark.svg',
	};

	documentationUrl = 'https://docs.n8n.io/hosting/scaling/queue-mode/';

	properties: INodeProperties[] = [
		{ displayName: 'Host', name: 'host', type: 'string', default: 'localhost', required: true },
		{ displayName: 'Port', name: 'port', type: 'number', default: 6379 },
		{
			displayName: 'User',
			name: 'user',
			type: 'string',
			default: '',
			description: 'ACL user name; leave empty for the default user',
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
		},
		{ displayName: 'Database Number', name: 'database', type: 'number', default: 0 },
		{
			displayName: 'SSL',
			name: 'ssl',
			type: 'boolean',
			default: false,
			description: 'Whether to connect over TLS',
		},
	];
}
