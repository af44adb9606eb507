import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Finds `rel` in this file's folder or the nearest ancestor (works from source and from the bundle). */
export function findUp(rel: string, from = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    const candidate = join(dir, rel);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error(`${rel} not found above ${from}`);
  }
}
