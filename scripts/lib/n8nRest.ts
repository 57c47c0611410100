// The few n8n REST calls that `npm start` and the end-to-end tests need, with the owner's session cookie
// (the same calls the editor makes). n8n 2.40: POST /rest/credentials, /rest/workflows,
// /rest/workflows/:id/activate (with the versionId to publish), /rest/oauth2-credential/auth + callback.

export interface N8nCredentialRef {
	id: string;
	name: string;
}

export interface N8nWorkflow {
	id: string;
	name: string;
	active: boolean;
	versionId: string;
	nodes: Array<{
		name: string;
		type: string;
		parameters: Record<string, unknown>;
		webhookId?: string;
		credentials?: Record<string, N8nCredentialRef>;
	}>;
}

export interface N8nExecution {
	id: string;
	status: string;
	finished: boolean;
	mode: string;
	workflowId: string;
	retryOf?: string | null;
	retrySuccessId?: string | null;
}

export class N8nRest {
	constructor(
		readonly url: string,
		private readonly cookie: string,
	) {}

	async call<T>(method: string, path: string, body?: unknown): Promise<T> {
		const response = await fetch(`${this.url}/rest${path}`, {
			method,
			headers: { cookie: this.cookie, 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		if (!response.ok)
			throw new Error(`n8n ${method} /rest${path} → ${response.status}: ${text.slice(0, 500)}`);
		const parsed = text ? (JSON.parse(text) as { data?: T }) : {};
		return (parsed.data ?? parsed) as T;
	}

	async credentials(): Promise<Array<N8nCredentialRef & { type: string }>> {
		return await this.call('GET', '/credentials');
	}

	/** Creates the credential unless one of that name and type exists; returns its reference. */
	async ensureCredential(
		name: string,
		type: string,
		data: Record<string, unknown>,
	): Promise<N8nCredentialRef & { created: boolean }> {
		const existing = (await this.credentials()).find((c) => c.name === name && c.type === type);
		if (existing) return { id: existing.id, name: existing.name, created: false };
		const created = await this.call<N8nCredentialRef>('POST', '/credentials', { name, type, data });
		return { id: created.id, name: created.name, created: true };
	}

	/** Replaces a credential's data (n8n encrypts it; password fields never come back through the API). */
	async updateCredential(
		id: string,
		name: string,
		type: string,
		data: Record<string, unknown>,
	): Promise<void> {
		await this.call('PATCH', `/credentials/${id}`, { name, type, data });
	}

	/**
	 * Runs the OAuth2 authorization-code flow of a credential the way a browser would: n8n gives the
	 * authorization URL, the (auto-approving) authorization server redirects to n8n's callback with a code,
	 * n8n exchanges it for tokens and stores them in the credential.
	 */
	async connectOAuth2(credentialId: string): Promise<void> {
		const authUrl = await this.call<string>(
			'GET',
			`/oauth2-credential/auth?id=${encodeURIComponent(credentialId)}`,
		);
		const consent = await fetch(authUrl, { redirect: 'manual' });
		const callback = consent.headers.get('location');
		if (consent.status < 300 || consent.status >= 400 || !callback)
			throw new Error(`OAuth2 consent at ${authUrl} answered ${consent.status} without a redirect`);
		const done = await fetch(callback, { headers: { cookie: this.cookie } });
		const page = await done.text();
		if (!done.ok || /error/i.test(page.match(/<title>([^<]*)<\/title>/)?.[1] ?? '')) {
			throw new Error(
				`n8n OAuth2 callback failed (${done.status}): ${page
					.replace(/<[^>]+>/g, ' ')
					.replace(/\s+/g, ' ')
					.slice(0, 400)}`,
			);
		}
	}

	async workflows(): Promise<N8nWorkflow[]> {
		return await this.call('GET', '/workflows');
	}

	async workflow(id: string): Promise<N8nWorkflow> {
		return await this.call('GET', `/workflows/${id}`);
	}

	async createWorkflow(workflow: Record<string, unknown>): Promise<N8nWorkflow> {
		return await this.call('POST', '/workflows', { ...workflow, active: false });
	}

	async activate(id: string): Promise<N8nWorkflow> {
		const { versionId } = await this.workflow(id);
		const activated = await this.call<N8nWorkflow>('POST', `/workflows/${id}/activate`, {
			versionId,
		});
		await this.untilPublished(id, versionId);
		return activated;
	}

	/** Changes a workflow (e.g. one node's parameter) and publishes the new version when it was active. */
	async updateWorkflow(id: string, change: (workflow: N8nWorkflow) => void): Promise<N8nWorkflow> {
		const workflow = await this.workflow(id);
		change(workflow);
		const updated = await this.call<N8nWorkflow>('PATCH', `/workflows/${id}`, workflow);
		if (workflow.active) {
			await this.call('POST', `/workflows/${id}/activate`, { versionId: updated.versionId });
			await this.untilPublished(id, updated.versionId);
		}
		return await this.workflow(id);
	}

	/**
	 * n8n 2.40 publishes an activated version in the background (its publication outbox): until then the old
	 * version's webhooks and triggers are torn down and the new ones not yet live (a page answers 404 "webhook
	 * not registered"). Waits until the version is live with every trigger activated, as the editor's
	 * publication status shows it (`GET /workflows/:id/publication-status`).
	 */
	async untilPublished(
		id: string,
		versionId: string | undefined,
		timeoutMs = 120_000,
	): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		let last: unknown;
		while (Date.now() < deadline) {
			let status: { status?: string; liveVersionId?: string | null } | undefined;
			try {
				status = await this.call('GET', `/workflows/${id}/publication-status`);
			} catch (error) {
				// Without the publication service (an older n8n) activation is synchronous.
				if (/\b404\b|not available/i.test(String(error))) return;
				throw error;
			}
			last = status;
			// Settled on this version; a trigger that failed to start is the test's to see (as in the editor).
			if (
				status?.status === 'failed' ||
				(status?.status !== 'in_progress' &&
					status?.status !== 'not_published' &&
					(versionId === undefined || status?.liveVersionId === versionId))
			)
				return;
			await new Promise((resolve) => setTimeout(resolve, 200));
		}
		throw new Error(`workflow ${id} not published after ${timeoutMs} ms: ${JSON.stringify(last)}`);
	}

	/** "Execute workflow" in the editor: a manual execution from the named trigger; its execution id. */
	async runManually(id: string, triggerName: string): Promise<string> {
		const result = await this.call<{ executionId?: string }>('POST', `/workflows/${id}/run`, {
			triggerToStartFrom: { name: triggerName },
		});
		if (!result.executionId) throw new Error(`n8n started no execution: ${JSON.stringify(result)}`);
		return result.executionId;
	}

	async deactivate(id: string): Promise<N8nWorkflow> {
		return await this.call('POST', `/workflows/${id}/deactivate`, {});
	}

	/** Every execution of a workflow, newest first (n8n pages by 100 at most: follow `lastId`). */
	async executions(
		workflowId: string,
		filter: Record<string, unknown> = {},
	): Promise<N8nExecution[]> {
		const query = encodeURIComponent(JSON.stringify({ workflowId, ...filter }));
		const all: N8nExecution[] = [];
		for (;;) {
			const lastId = all.length > 0 ? `&lastId=${all[all.length - 1].id}` : '';
			const page = await this.call<{ results: N8nExecution[] }>(
				'GET',
				`/executions?filter=${query}&limit=100${lastId}`,
			);
			all.push(...page.results);
			if (page.results.length < 100) return all;
		}
	}

	async retryExecution(id: string, loadWorkflow = true): Promise<unknown> {
		return await this.call('POST', `/executions/${id}/retry`, { loadWorkflow });
	}
}
