/** Structured logs (pino): JSON lines on stdout; the level from `KITH_LOG_LEVEL` (default `info`). */
import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string = process.env.KITH_LOG_LEVEL || 'info'): Logger {
  return pino({
    name: 'kith',
    level,
    base: { pid: process.pid },
    redact: { paths: ['req.headers.authorization', 'secret', '*.secret'], censor: '[redacted]' },
  });
}

/** For tests and embedding: logs nothing. */
export const silentLogger: Logger = pino({ level: 'silent' });
