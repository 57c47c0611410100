import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Temporary download URLs (`attachment_url`, `temporary_download_url`): like the real service's, they work
 * without the API token and expire (timelinesai.md: "temporary_download_url expires"; the lifetime is
 * UNVERIFIED — default 1 hour here). Signed with a per-process secret, so a restart invalidates them too.
 */
export class FileDownloadSigner {
	private readonly secret = randomBytes(32);

	constructor(private readonly ttlSeconds: number) {}

	private signature(uid: string, expires: number): string {
		return createHmac('sha256', this.secret).update(`${uid}.${expires}`).digest('hex');
	}

	/** `${apiBase}/files/{uid}/download?expires=…&signature=…` */
	url(apiBase: string, uid: string, now = Date.now()): string {
		const expires = Math.floor(now / 1000) + this.ttlSeconds;
		return `${apiBase}/files/${encodeURIComponent(uid)}/download?expires=${expires}&signature=${this.signature(uid, expires)}`;
	}

	verify(uid: string, query: URLSearchParams, now = Date.now()): boolean {
		const expires = Number(query.get('expires'));
		const given = query.get('signature') ?? '';
		if (!Number.isSafeInteger(expires) || expires * 1000 < now || !/^[0-9a-f]{64}$/.test(given))
			return false;
		return timingSafeEqual(
			Buffer.from(given, 'hex'),
			Buffer.from(this.signature(uid, expires), 'hex'),
		);
	}
}
