import { chmodSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Writes the sandbox's state file readable by its owner only (0600): it holds the sandbox's OAuth client
 * secret, tokens and every simulated customer message. Write-then-rename, so a crash mid-write never
 * leaves a half file behind; the chmod covers a temporary file left over from an older run.
 */
export function writeStateFile(file: string, text: string): void {
	mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
	const temporary = `${file}.tmp`;
	writeFileSync(temporary, text, { mode: 0o600 });
	chmodSync(temporary, 0o600);
	renameSync(temporary, file);
}
