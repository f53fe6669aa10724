// A WebSocket client on a bare TCP socket that negotiates permessage-deflate and keeps, per
// frame the server sent, whether it came compressed (the RSV1 bit): what ws's own client
// decodes away. Server frames are whole messages here (ws never fragments what it sends).
import crypto from 'node:crypto';
import net from 'node:net';
import zlib from 'node:zlib';

export interface ServerFrame {
  /** RSV1: the message was deflated on the wire. */
  compressed: boolean;
  opcode: number;
  /** Bytes on the wire (compressed if `compressed`). */
  wireBytes: number;
  /** The message, inflated. */
  data: Uint8Array;
}

const DEFLATE_TAIL = Buffer.from([0x00, 0x00, 0xff, 0xff]);
const OPCODE_BINARY = 0x2;

export class RawDeflateClient {
  readonly frames: ServerFrame[] = [];
  extensions = '';
  private pending = Buffer.alloc(0);
  private upgraded = false;
  private readonly waiters = new Set<() => void>();

  private constructor(private readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', () => {});
  }

  /** Opens `url` (ws://host:port/path?query), offering permessage-deflate as browsers do. */
  static async open(url: string, ms = 10_000): Promise<RawDeflateClient> {
    const { hostname, port, pathname, search } = new URL(url);
    const socket = net.connect(Number(port), hostname);
    const client = new RawDeflateClient(socket);
    socket.write([
      `GET ${pathname}${search} HTTP/1.1`, `Host: ${hostname}:${port}`, 'Upgrade: websocket', 'Connection: Upgrade',
      `Sec-WebSocket-Key: ${crypto.randomBytes(16).toString('base64')}`, 'Sec-WebSocket-Version: 13',
      'Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits', '', '',
    ].join('\r\n'));
    await client.until(() => client.upgraded, ms, 'the upgrade');
    return client;
  }

  /** Sends one binary message, masked as a client must, uncompressed. */
  send(data: Uint8Array): void {
    const mask = crypto.randomBytes(4);
    const masked = Buffer.from(data.map((byte, i) => byte ^ mask[i % 4]!));
    const length = data.byteLength < 126 ? Buffer.from([0x80 | data.byteLength])
      : data.byteLength < 65_536 ? Buffer.from([0x80 | 126, data.byteLength >> 8, data.byteLength & 0xff])
      : Buffer.concat([Buffer.from([0x80 | 127]), bigLength(data.byteLength)]);
    this.socket.write(Buffer.concat([Buffer.from([0x80 | OPCODE_BINARY]), length, mask, masked]));
  }

  /** The first frame from index `from` on that `match` accepts. */
  async next(from: number, match: (frame: ServerFrame) => boolean, ms = 10_000, label = 'a frame'): Promise<{ frame: ServerFrame; index: number }> {
    const find = () => this.frames.findIndex((f, i) => i >= from && match(f));
    await this.until(() => find() >= 0, ms, label);
    const index = find();
    return { frame: this.frames[index]!, index };
  }

  close(): void {
    this.socket.destroy();
  }

  private until(condition: () => boolean, ms: number, label: string): Promise<void> {
    if (condition()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!condition()) return;
        this.waiters.delete(check);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`timed out waiting for ${label}`));
      }, ms);
      this.waiters.add(check);
    });
  }

  private receive(chunk: Buffer): void {
    this.pending = Buffer.concat([this.pending, chunk]);
    if (!this.upgraded) this.readHandshake();
    if (this.upgraded) while (this.readFrame());
    for (const check of [...this.waiters]) check();
  }

  private readHandshake(): void {
    const end = this.pending.indexOf('\r\n\r\n');
    if (end < 0) return;
    const head = this.pending.subarray(0, end).toString('latin1');
    if (!head.startsWith('HTTP/1.1 101')) throw new Error(`upgrade refused: ${head.split('\r\n')[0]}`);
    this.extensions = /^sec-websocket-extensions:\s*(.*)$/im.exec(head)?.[1] ?? '';
    this.pending = this.pending.subarray(end + 4);
    this.upgraded = true;
  }

  /** Takes one whole frame off `pending`; false when it has not fully arrived yet. */
  private readFrame(): boolean {
    const b = this.pending;
    if (b.length < 2) return false;
    let length = b[1]! & 0x7f;
    let offset = 2;
    if (length === 126) [length, offset] = b.length < 4 ? [-1, 4] : [b.readUInt16BE(2), 4];
    else if (length === 127) [length, offset] = b.length < 10 ? [-1, 10] : [Number(b.readBigUInt64BE(2)), 10];
    if (length < 0 || b.length < offset + length) return false;
    const payload = b.subarray(offset, offset + length);
    const compressed = (b[0]! & 0x40) !== 0;
    if ((b[0]! & 0x80) === 0) throw new Error('a fragmented server frame: not expected from ws');
    const data = compressed ? zlib.inflateRawSync(Buffer.concat([payload, DEFLATE_TAIL]), { finishFlush: zlib.constants.Z_SYNC_FLUSH }) : Buffer.from(payload);
    this.frames.push({ compressed, opcode: b[0]! & 0x0f, wireBytes: length, data: new Uint8Array(data) });
    this.pending = b.subarray(offset + length);
    return true;
  }
}

function bigLength(n: number): Buffer {
  const buf = Buffer.alloc(8);
  buf.writeBigUInt64BE(BigInt(n));
  return buf;
}
