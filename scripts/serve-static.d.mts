import type { Server } from 'node:http';

export declare const CONTENT_TYPES: Readonly<Record<string, string>>;
/** The repository root. */
export declare const repoRoot: string;

export interface StaticServerOptions {
  /** Directory to serve; default: the repository root. */
  root?: string;
  /** Default 0: a free port. */
  port?: number;
  /** Default `127.0.0.1`. */
  host?: string;
  /** Extra or overriding response headers for a request's pathname (e.g. `/demo/index.html`). */
  headers?: (pathname: string) => Record<string, string> | undefined;
}

export interface StaticServer {
  /** Origin without a trailing slash, e.g. `http://127.0.0.1:43211`. */
  url: string;
  port: number;
  server: Server;
  close(): Promise<void>;
}

export declare function startStaticServer(options?: StaticServerOptions): Promise<StaticServer>;
