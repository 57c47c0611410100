// Throw-away services for n8n's queue mode, on loopback and free ports: redis-server and a PostgreSQL
// cluster from the Debian packages (apt-get installs them when missing), then n8n main + workers.
// Nothing is left behind: stop() ends the processes and removes their data directories.
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';

import { freePort } from './freePort';
import { startN8n, stopChild, type RunningN8n } from './n8nRuntime';
import { type N8nRuntime } from './n8nInstall';

type Log = (line: string) => void;

export interface RunningRedis {
	host: string;
	port: number;
	logs: string[];
	stop(): Promise<void>;
}

export interface RunningPostgres {
	host: string;
	port: number;
	user: string;
	password: string;
	database: string;
	stop(): Promise<void>;
}

export interface QueueN8n {
	main: RunningN8n;
	workers: RunningN8n[];
	url: string;
	/** How many executions each worker started, from its log ("Worker started execution …"). */
	executionsPerWorker(): number[];
	/** SIGKILL of main or worker `index` (a crash); `restart` starts it again (main on the same port). */
	kill(which: 'main' | number): Promise<void>;
	restart(which: 'main' | number): Promise<void>;
	stop(): Promise<void>;
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function postgresBinDir(): string | undefined {
	const root = '/usr/lib/postgresql';
	if (!existsSync(root)) return undefined;
	const versions = readdirSync(root)
		.filter((v) => existsSync(path.join(root, v, 'bin', 'initdb')))
		.sort((a, b) => Number(b) - Number(a));
	return versions[0] ? path.join(root, versions[0], 'bin') : undefined;
}

export function redisServerBin(): string | undefined {
	return ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find((bin) => existsSync(bin));
}

/** apt-get installs what is missing (as root, else through sudo); a no-op when both are there. */
export function ensureQueuePackages(log: Log = console.log): void {
	const missing = [
		...(redisServerBin() ? [] : ['redis-server']),
		...(postgresBinDir() ? [] : ['postgresql']),
	];
	if (missing.length === 0) return;
	log(`Installing ${missing.join(', ')} with apt-get…`);
	const root = process.getuid?.() === 0;
	const run = (args: string[]) =>
		execFileSync(root ? args[0] : 'sudo', root ? args.slice(1) : args, {
			stdio: ['ignore', 'ignore', 'inherit'],
			env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
		});
	run(['apt-get', 'update', '-qq']);
	run(['apt-get', 'install', '-y', '-qq', '--no-install-recommends', ...missing]);
	if (!redisServerBin() || !postgresBinDir())
		throw new Error(`apt-get did not install ${missing.join(', ')}`);
}

/** Answers +PONG: the server accepts commands. */
async function redisPing(port: number): Promise<boolean> {
	return await new Promise((resolve) => {
		const socket = connect({ host: '127.0.0.1', port });
		socket.setTimeout(1_000, () => socket.destroy());
		socket.once('error', () => resolve(false));
		socket.once('close', () => resolve(false));
		socket.once('connect', () => socket.write('PING\r\n'));
		socket.once('data', (data) => {
			resolve(data.toString().startsWith('+PONG'));
			socket.end();
		});
	});
}

export async function startRedisServer({
	log = () => {},
}: { log?: Log } = {}): Promise<RunningRedis> {
	const bin = redisServerBin();
	if (!bin) throw new Error('redis-server is not installed (apt-get install redis-server)');
	const port = await freePort();
	const dir = mkdtempSync(path.join(tmpdir(), 'queue-redis-'));
	// No persistence: the queue and the locks are throw-away.
	const child = spawn(
		bin,
		[
			'--port',
			String(port),
			'--bind',
			'127.0.0.1',
			'--save',
			'',
			'--appendonly',
			'no',
			'--dir',
			dir,
			'--daemonize',
			'no',
		],
		{
			stdio: ['ignore', 'pipe', 'pipe'],
		},
	);
	const logs: string[] = [];
	child.stdout?.on('data', (chunk: Buffer) => logs.push(chunk.toString()));
	child.stderr?.on('data', (chunk: Buffer) => logs.push(chunk.toString()));
	const deadline = Date.now() + 15_000;
	while (!(await redisPing(port))) {
		if (child.exitCode !== null || Date.now() > deadline) {
			child.kill('SIGKILL');
			rmSync(dir, { recursive: true, force: true });
			throw new Error(
				`redis-server did not start on 127.0.0.1:${port}\n${logs.join('').slice(-2000)}`,
			);
		}
		await delay(100);
	}
	log(`  redis-server ${bin} on 127.0.0.1:${port}`);
	return {
		host: '127.0.0.1',
		port,
		logs,
		stop: async () => {
			await stopChild(child);
			rmSync(dir, { recursive: true, force: true });
		},
	};
}

/**
 * initdb into a temporary directory and pg_ctl start on 127.0.0.1 and a free port, with password
 * authentication. PostgreSQL refuses to run as root, so as root it runs as the `postgres` user the
 * Debian package creates.
 */
export async function startPostgres({
	log = () => {},
}: { log?: Log } = {}): Promise<RunningPostgres> {
	const bin = postgresBinDir();
	if (!bin) throw new Error('PostgreSQL is not installed (apt-get install postgresql)');
	const asRoot = process.getuid?.() === 0;
	const dir = mkdtempSync(path.join(tmpdir(), 'queue-postgres-'));
	const osUser = asRoot ? 'postgres' : userInfo().username;
	const run = (program: string, args: string[], env: NodeJS.ProcessEnv = {}) =>
		execFileSync(
			asRoot ? 'runuser' : path.join(bin, program),
			asRoot ? ['-u', osUser, '--', path.join(bin, program), ...args] : args,
			{
				cwd: dir,
				env: { ...process.env, ...env },
				stdio: ['ignore', 'pipe', 'pipe'],
			},
		);
	if (asRoot) {
		const uid = Number(execFileSync('id', ['-u', osUser], { encoding: 'utf8' }).trim());
		const gid = Number(execFileSync('id', ['-g', osUser], { encoding: 'utf8' }).trim());
		chownSync(dir, uid, gid);
	}
	const port = await freePort();
	const password = randomBytes(12).toString('hex');
	const data = path.join(dir, 'data');
	const pwfile = path.join(dir, 'pw');
	writeFileSync(pwfile, password, { mode: 0o600 });
	if (asRoot) execFileSync('chown', [osUser, pwfile]);
	const user = 'n8n';
	const database = 'n8n';
	const started = Date.now();
	try {
		run('initdb', [
			'-D',
			data,
			'-U',
			user,
			`--pwfile=${pwfile}`,
			'--auth=scram-sha-256',
			'-E',
			'UTF8',
			'--no-instructions',
		]);
		// Socket directory inside the cluster's own temp dir: /var/run/postgresql may not exist or be writable.
		run('pg_ctl', [
			'-D',
			data,
			'-l',
			path.join(dir, 'server.log'),
			'-w',
			'-t',
			'60',
			'-o',
			`-p ${port} -c listen_addresses=127.0.0.1 -k ${dir} -c fsync=off -c max_connections=100`,
			'start',
		]);
		run('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', user, database], {
			PGPASSWORD: password,
		});
	} catch (error) {
		rmSync(dir, { recursive: true, force: true });
		const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? '';
		throw new Error(`PostgreSQL did not start: ${(error as Error).message}\n${stderr}`);
	}
	log(
		`  PostgreSQL ${path.basename(path.dirname(bin))} on 127.0.0.1:${port} (${Math.round((Date.now() - started) / 100) / 10} s)`,
	);
	return {
		host: '127.0.0.1',
		port,
		user,
		password,
		database,
		stop: async () => {
			try {
				run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
			} finally {
				rmSync(dir, { recursive: true, force: true });
			}
		},
	};
}

/** What main and every worker share: the queue, the database and the encryption key. */
export function queueModeEnv(
	redis: RunningRedis,
	postgres: RunningPostgres,
	encryptionKey: string,
): Record<string, string> {
	return {
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: redis.host,
		QUEUE_BULL_REDIS_PORT: String(redis.port),
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: postgres.host,
		DB_POSTGRESDB_PORT: String(postgres.port),
		DB_POSTGRESDB_DATABASE: postgres.database,
		DB_POSTGRESDB_USER: postgres.user,
		DB_POSTGRESDB_PASSWORD: postgres.password,
		N8N_ENCRYPTION_KEY: encryptionKey,
	};
}

/** n8n main (webhooks, UI, REST; enqueues executions) + `n8n worker` processes that run them. */
export async function startQueueN8n({
	runtime,
	userFolder,
	redis,
	postgres,
	workers = 2,
	log = () => {},
}: {
	runtime: N8nRuntime;
	userFolder: string;
	redis: RunningRedis;
	postgres: RunningPostgres;
	workers?: number;
	log?: Log;
}): Promise<QueueN8n> {
	const shared = queueModeEnv(redis, postgres, randomBytes(24).toString('hex'));
	const mainPorts = { port: await freePort(), brokerPort: await freePort() };
	const startMain = () => startN8n({ runtime, userFolder, ...mainPorts, env: shared });
	// Each worker: its own health port (the readiness check), task-runner broker port and event log
	// file (workers sharing the user folder would otherwise write the same n8nEventLog-worker.log).
	const startWorker = async (i: number) =>
		startN8n({
			runtime,
			userFolder,
			command: 'worker',
			port: await freePort(),
			brokerPort: await freePort(),
			env: { ...shared, N8N_EVENTBUS_LOGWRITER_LOGBASENAME: `n8nEventLog-${i + 1}` },
		});
	let main = await startMain();
	log(`  n8n main on ${main.url} (queue mode)`);
	const running: RunningN8n[] = [];
	try {
		for (let i = 0; i < workers; i++) {
			const worker = await startWorker(i);
			running.push(worker);
			log(`  n8n worker ${i + 1} ready (pid ${worker.pid}, health ${worker.url}/healthz)`);
		}
	} catch (error) {
		await Promise.all([...running, main].map((p) => p.stop()));
		throw error;
	}
	const started = (worker: RunningN8n) =>
		worker.logs.join('').split('Worker started execution').length - 1;
	// Executions of the workers' earlier processes (before a kill), per index.
	const before = running.map(() => 0);
	const queueN8n: QueueN8n = {
		main,
		workers: running,
		url: main.url,
		executionsPerWorker: () => running.map((worker, i) => before[i] + started(worker)),
		kill: async (which) => {
			await (which === 'main' ? main : running[which]).kill();
		},
		restart: async (which) => {
			if (which === 'main') {
				main = queueN8n.main = await startMain();
				return;
			}
			before[which] += started(running[which]);
			running[which] = await startWorker(which);
		},
		stop: async () => {
			await Promise.all(running.map((worker) => worker.stop()));
			await main.stop();
		},
	};
	return queueN8n;
}
