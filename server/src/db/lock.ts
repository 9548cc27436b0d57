/**
 * An exclusive lock on a data directory: PGlite allows one process per data directory, so the server
 * takes `kith.lock` (holding its pid) before opening it. A second opener fails with
 * "data dir … is in use by pid N"; a lock left by a process that no longer runs is taken over.
 */
import {
  closeSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';

export class DataDirLockedError extends Error {
  readonly pid: number;
  constructor(dir: string, pid: number) {
    super(
      `data dir ${dir} is in use by pid ${pid}${pid === process.pid ? ' (this process)' : ''}; ` +
        'stop that server or set KITH_DATA_DIR to another directory.',
    );
    this.name = 'DataDirLockedError';
    this.pid = pid;
  }
}

export interface DataDirLock {
  readonly path: string;
  release(): void;
}

/** Locks taken by this process, so that a second open in the same process is refused too. */
const held = new Set<string>();

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readLock(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** Takes the lock on `dir` (created if missing) or throws {@link DataDirLockedError}. */
export function lockDataDir(dir: string): DataDirLock {
  const absolute = path.resolve(dir);
  mkdirSync(absolute, { recursive: true });
  const file = path.join(absolute, 'kith.lock');
  if (held.has(file)) throw new DataDirLockedError(absolute, process.pid);

  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      try {
        writeSync(fd, `${process.pid}\n`);
      } finally {
        closeSync(fd);
      }
      held.add(file);
      let released = false;
      const onExit = (): void => release();
      const release = (): void => {
        if (released) return;
        released = true;
        held.delete(file);
        process.off('exit', onExit);
        try {
          if (readLock(file)?.trim() === String(process.pid)) unlinkSync(file);
        } catch {
          // already gone
        }
      };
      process.on('exit', onExit);
      return { path: file, release };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }

    const content = readLock(file);
    if (content === null) continue; // released meanwhile: try again
    const pid = Number.parseInt(content.trim(), 10);
    if (Number.isInteger(pid) && pid > 0) {
      if (pid === process.pid || isRunning(pid)) throw new DataDirLockedError(absolute, pid);
    } else {
      // Empty or garbled: another process may be writing it this instant. Stale after a few seconds.
      let age = Infinity;
      try {
        age = Date.now() - statSync(file).mtimeMs;
      } catch {
        continue;
      }
      if (age < 5000) throw new DataDirLockedError(absolute, 0);
    }
    // Stale: move it aside atomically; if what we moved is not what we judged stale (another process
    // took the lock in between), put it back.
    const aside = `${file}.stale.${process.pid}`;
    try {
      renameSync(file, aside);
    } catch {
      continue;
    }
    if (readLock(aside) !== content) {
      try {
        linkSync(aside, file);
      } catch {
        // a third process holds it now; it will be judged on the next attempt
      }
    }
    try {
      unlinkSync(aside);
    } catch {
      // gone
    }
  }
  const content = readLock(file);
  throw new DataDirLockedError(absolute, Number.parseInt(content?.trim() ?? '0', 10) || 0);
}
