import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy between the service and PostgreSQL, to take the database away without stopping the
 * server that other tests share: `cut()` destroys every open connection and refuses new ones (as a
 * stopped server does: ECONNREFUSED), `restore()` lets them through again on the same port.
 */
export interface TcpProxy {
  readonly port: number;
  /** `databaseUrl` with its host and port replaced by the proxy's. */
  urlFor(databaseUrl: string): string;
  /** Connections accepted so far (a reconnect after `restore()` shows here). */
  readonly accepted: number;
  readonly isCut: boolean;
  cut(): Promise<void>;
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const open = new Set<Socket>();
  let accepted = 0;
  let isCut = false;
  let server: Server | null = null;

  const onConnection = (client: Socket) => {
    accepted += 1;
    const upstream = connect(target.port, target.host);
    open.add(client).add(upstream);
    const end = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
    client.pipe(upstream);
    upstream.pipe(client);
  };
  const listen = (port: number) =>
    new Promise<Server>((resolve, reject) => {
      const next = createServer(onConnection);
      next.once('error', reject);
      next.listen(port, '127.0.0.1', () => resolve(next));
    });
  const closeServer = () => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));

  server = await listen(0);
  const port = (server.address() as { port: number }).port;

  return {
    port,
    urlFor(databaseUrl) {
      const url = new URL(databaseUrl);
      url.hostname = '127.0.0.1';
      url.port = String(port);
      return url.toString();
    },
    get accepted() {
      return accepted;
    },
    get isCut() {
      return isCut;
    },
    async cut() {
      isCut = true;
      const closing = closeServer();
      server = null;
      for (const socket of open) socket.destroy();
      open.clear();
      await closing;
    },
    async restore() {
      if (!isCut) return;
      // The port was ours a moment ago; retry briefly in case the kernel has not let it go yet.
      for (let attempt = 0; ; attempt += 1) {
        try {
          server = await listen(port);
          break;
        } catch (error) {
          if (attempt >= 50) throw error;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
      isCut = false;
    },
    async close() {
      const closing = closeServer();
      server = null;
      for (const socket of open) socket.destroy();
      open.clear();
      await closing;
    },
  };
}
