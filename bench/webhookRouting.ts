// Which pipeline the sandbox's TimelinesAI delivers to. Both webhooks stay registered in TimelinesAI; the
// one not under test is disabled through TimelinesAI's public API (what a user does with the toggle in
// TimelinesAI's webhook list), so each pipeline gets the same payloads alone, never both at once.

interface TimelinesWebhook {
	id: number;
	event_type: string;
	url: string;
	enabled: boolean;
}

export class WebhookRouting {
	constructor(
		private readonly apiBase: string,
		private readonly token: string,
	) {}

	private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
		const response = await fetch(`${this.apiBase}${path}`, {
			method,
			headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		if (!response.ok)
			throw new Error(`TimelinesAI ${method} ${path} → ${response.status}: ${text.slice(0, 300)}`);
		return (JSON.parse(text) as { data: T }).data;
	}

	async webhooks(): Promise<TimelinesWebhook[]> {
		// GET /webhooks answers the webhooks as a bare array in `data` (public_api_spec.yaml, WebhooksListResponse).
		return await this.call<TimelinesWebhook[]>('GET', '/webhooks');
	}

	/** Registers `message:new` → url unless a webhook with that URL exists (disabled until routed to). */
	async register(url: string): Promise<void> {
		if ((await this.webhooks()).some((w) => w.url === url)) return;
		await this.call('POST', '/webhooks', { event_type: 'message:new', url, enabled: false });
	}

	/** Enables the webhooks whose URL starts with `prefix` and disables every other one. */
	async routeTo(prefix: string): Promise<void> {
		const webhooks = await this.webhooks();
		if (!webhooks.some((w) => w.url.startsWith(prefix)))
			throw new Error(`no TimelinesAI webhook registered for ${prefix}`);
		for (const webhook of webhooks) {
			const enabled = webhook.url.startsWith(prefix);
			if (webhook.enabled !== enabled)
				await this.call('PUT', `/webhooks/${webhook.id}`, { enabled });
		}
	}
}
