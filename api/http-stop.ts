// Stopping the API's HTTP server: finish what is in flight, then go, without waiting on kept-alive sockets.
import type { Server, ServerResponse } from 'node:http';

/** How often a stopping server closes the connections that have gone idle since the last look. */
const SWEEP_MS = 100;

/**
 * Stops taking connections and resolves once every connection is closed. Requests in flight are answered first.
 *
 * `server.close()` closes only the connections idle at that moment; a kept-alive connection whose answer was still
 * being written becomes idle a moment later and would then stay open until the client or `keepAliveTimeout` (65 s
 * here, see api/main.ts) closes it: under `npm start` the worker's Twilio client keeps such sockets to the local SMS
 * sink, and the API outlived the dev stack by a minute. So idle connections are swept until the server has closed,
 * and after `graceMs` whatever is still open (a request that will not finish) is cut.
 */
export function stopHttpServer(server: Server, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    const sweep = setInterval(() => server.closeIdleConnections(), SWEEP_MS);
    const cut = setTimeout(() => server.closeAllConnections(), graceMs);
    // A request that arrives on a kept-alive connection from now on is answered, with word that the connection ends.
    server.on('request', (_req, res: ServerResponse) => {
      if (!res.headersSent) res.setHeader('Connection', 'close');
    });
    server.close(() => {
      clearInterval(sweep);
      clearTimeout(cut);
      resolve();
    });
    server.closeIdleConnections();
  });
}
