/// <reference types="node" />
/**
 * A local HTTP server for the REST adapter's tests (Node only): each request goes, with its whole
 * body, to `handle`, which answers it (or not). Nothing inside ky or `fetch` is faked.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export async function startHttpServer(
  handle: (request: IncomingMessage, body: Buffer, response: ServerResponse) => void,
): Promise<{ origin: string; close(): Promise<void> }> {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => handle(request, Buffer.concat(chunks), response));
  });
  // Idle keep-alive connections must outlive the slowest test, or a request with `retry: 0` may meet
  // a socket the server is closing.
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
