// The minimal request/response shapes every HTTP handler sees. Only transport.ts knows
// about node:http and ws; handlers are plain async functions over these types, so they
// are tested without sockets and could move to another transport unchanged.

export interface HttpRequest {
  method: string;
  /** Decoded path without the query, e.g. `/api/fundraisers/demo`. */
  path: string;
  query: URLSearchParams;
  /** Lower-cased names; repeated headers joined with ", ". */
  headers: Record<string, string | undefined>;
  /** The peer's address (no proxy headers are trusted). */
  ip: string;
  /** The whole body, already capped (413 above the limit never reaches a handler). */
  body: Uint8Array;
}

export interface HttpResponse {
  status: number;
  headers?: Record<string, string>;
  body: string | Uint8Array;
}

/** Resolves undefined when the request is not this handler's: the next one is tried. */
export type HttpHandler = (req: HttpRequest) => Promise<HttpResponse | undefined>;

/** One WebSocket as the room layer sees it (in the spirit of Hocuspocus' WebSocketLike). */
/** How one message goes out. `compress: false` sends it as is even where permessage-deflate
 *  was negotiated (default: compressed from 1 KB on, see transport.ts). */
export interface SendOptions {
  compress?: boolean;
}

export interface SocketLike {
  send(data: Uint8Array, options?: SendOptions): void;
  close(code?: number, reason?: string): void;
  /** Bytes queued but not yet handed to the OS. */
  readonly bufferedAmount: number;
  /** True from the moment close() was called or the peer went away. */
  readonly closed: boolean;
  onMessage(listener: (data: Uint8Array) => void): void;
  onClose(listener: (code: number, reason: string) => void): void;
}

/** What the transport learned about a sync upgrade before handing the socket on. */
export interface SyncUpgrade {
  fid: string;
  token: string | undefined;
  ip: string;
  /** `?epoch=`: the epoch the device's copy belongs to ('' when it has none yet); absent for stock clients. */
  epoch?: string;
}
