import http from 'node:http';
import net from 'node:net';

/** A CONNECT-only HTTP proxy on 127.0.0.1 that counts the tunnels it opens. */
export class ConnectProxy {
  /** Tunnels opened, with their `host:port` targets. */
  readonly tunnels: string[] = [];
  private readonly sockets = new Set<net.Socket>();

  private constructor(private readonly server: http.Server, readonly port: number) {}

  /** Starts the proxy on a free loopback port. */
  static async start(): Promise<ConnectProxy> {
    const server = http.createServer((_request, response) => response.writeHead(405).end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const address = server.address() as net.AddressInfo;
    const proxy = new ConnectProxy(server, address.port);
    server.on('connect', (request: http.IncomingMessage, client: net.Socket, head: Buffer) => proxy.tunnel(request, client, head));
    return proxy;
  }

  /** `http://127.0.0.1:<port>`. */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Closes every tunnel and the proxy. */
  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private tunnel(request: http.IncomingMessage, client: net.Socket, head: Buffer): void {
    const target = request.url ?? '';
    const [host, port] = target.split(':');
    this.tunnels.push(target);
    const upstream = net.connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on('error', () => {});
      socket.on('close', () => {
        this.sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
  }
}
