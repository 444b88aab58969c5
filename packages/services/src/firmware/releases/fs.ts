import { closeSync, fsyncSync, openSync } from 'node:fs';

/** Makes a rename durable; some filesystems refuse fsync on a directory, where the rename is atomic anyway. */
export function fsyncDirSafe(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // see above
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
