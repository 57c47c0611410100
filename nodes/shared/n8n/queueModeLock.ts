import type {
	ICredentialDataDecryptedObject,
	ICredentialTestFunctions,
	ICredentialsDecrypted,
	IExecuteFunctions,
	INodeCredentialTestResult,
	INodeProperties,
} from 'n8n-workflow';

import {
	pingRedis,
	redisScriptRunner,
	type RedisConnectionSettings,
} from '../transport/redis/redisConnection';
import { inProcessLock, type DistributedLock } from '../coordination/distributedLock';
import { RedisLock } from '../coordination/redisLock';

export const QUEUE_MODE_REDIS_CREDENTIAL = 'queueModeRedisApi';

/** The "Queue Mode Lock" parameter of Match or Create and Upsert Daily Note (the credential shows for Redis only). */
export const queueModeLockProperty: INodeProperties = {
	displayName: 'Queue Mode Lock',
	name: 'queueModeLock',
	type: 'options',
	options: [
		{
			name: 'None (Single N8n Process)',
			value: 'none',
			description:
				'Executions of this n8n process wait for each other in memory; enough unless workers run executions',
		},
		{
			name: 'Redis',
			value: 'redis',
			description:
				'Main and worker processes wait for each other through a lock in Redis (queue mode)',
		},
	],
	default: 'none',
	description:
		'How writes for the same contact are kept apart when several n8n processes run executions',
	hint: 'In queue mode choose Redis on both Zoho CRM Match or Create and Zoho CRM Upsert Daily Note',
};

/** The Queue Mode Redis credential's data as connection settings (shared with Queue Mode Push). */
export function connectionSettings(data: ICredentialDataDecryptedObject): RedisConnectionSettings {
	return {
		host: String(data.host ?? 'localhost'),
		port: Number(data.port ?? 6379),
		user: String(data.user ?? ''),
		password: String(data.password ?? ''),
		database: Number(data.database ?? 0),
		ssl: data.ssl === true,
	};
}

// One RedisLock per Redis and process, so executions of this process queue locally for a key.
const redisLocks = new Map<string, RedisLock>();

/** The lock the item's node is configured with. */
export async function queueModeLockFor(
	context: IExecuteFunctions,
	itemIndex: number,
): Promise<DistributedLock> {
	if (context.getNodeParameter('queueModeLock', itemIndex, 'none') !== 'redis')
		return inProcessLock;
	const settings = connectionSettings(
		await context.getCredentials(QUEUE_MODE_REDIS_CREDENTIAL, itemIndex),
	);
	const key = JSON.stringify(settings);
	let lock = redisLocks.get(key);
	if (!lock) {
		lock = new RedisLock(redisScriptRunner(settings));
		redisLocks.set(key, lock);
	}
	return lock;
}

/** `testedBy` of the Queue Mode Redis API credential on both Zoho nodes. */
export async function queueModeRedisConnectionTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const settings = connectionSettings(credential.data ?? {});
	try {
		await pingRedis(settings);
		return { status: 'OK', message: 'Connection successful' };
	} catch (error) {
		return {
			status: 'Error',
			message: `Redis at ${settings.host}:${settings.port}: ${error instanceof Error ? error.message : String(error)}`,
		};
	}
}
