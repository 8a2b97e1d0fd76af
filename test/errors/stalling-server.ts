import { createServer, type Socket } from "node:net";
import type { AddressInfo } from "node:net";

export interface StallingServer {
  /** `http://127.0.0.1:PORT`: accepts TCP connections and never sends a byte (nor completes a TLS handshake). */
  url: string;
  /** Connections accepted so far. */
  readonly accepted: number;
  close(): Promise<void>;
}

/** A host that accepts connections and never answers: the case that used to cost minutes of silent retries. */
export async function startStallingServer(): Promise<StallingServer> {
  const sockets = new Set<Socket>();
  let accepted = 0;
  const server = createServer((socket) => {
    accepted++;
    sockets.add(socket);
    socket.on("error", () => undefined);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get accepted() {
      return accepted;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
