/**
 * A speed measure, fenced in this file: the stream hub frames each change once and writes the
 * same bytes to every connection's socket, instead of calling `ws.send` per connection (a JSON
 * encoding, a frame header and a corked two-part write each time). With 1,000 connections that
 * is one serialisation instead of a thousand (`npm run bench -- propagation`).
 *
 * It is safe because the hub's `ws` server runs without compression and writes each of its own
 * frames (put, ping, close) to the socket synchronously and in one piece, so a whole frame
 * written here never lands inside one of its frames. spec/server/stream-hub.spec.ts checks the
 * bytes against the frames `ws` itself builds.
 *
 * A complete, unmasked WebSocket text frame (RFC 6455 section 5.2, server to client): FIN and
 * opcode 1, then the payload length in 7, 7+16 or 7+64 bits, then the payload.
 *
 * @param payload the UTF-8 text
 */
export function textFrame(payload: Buffer): Buffer {
  const length = payload.length;
  const headerLength = length < 126 ? 2 : length < 0x10000 ? 4 : 10;
  const frame = Buffer.allocUnsafe(headerLength + length);
  frame[0] = 0x81;
  if (length < 126) {
    frame[1] = length;
  } else if (length < 0x10000) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeUInt32BE(Math.floor(length / 0x100000000), 2);
    frame.writeUInt32BE(length >>> 0, 6);
  }
  payload.copy(frame, headerLength);
  return frame;
}

