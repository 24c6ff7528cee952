/**
 * Finds where the messages of an Arrow IPC stream end while its bytes are
 * still arriving, so the record batches already complete can be decoded
 * before the rest is there. Only the message framing and the two fields of
 * the Message flatbuffer that give a message's kind and body length are
 * read; decoding is apache-arrow's. No JupyterLab imports.
 */

/** The Message header kind of a record batch (Arrow's MessageHeader enum). */
const RECORD_BATCH = 3;
/** Arrow's continuation marker before each message's metadata length (format ≥ 0.15). */
const CONTINUATION = -1;

/** Walks an IPC stream's messages as its bytes fill a buffer from the front. */
export class IpcMessageScanner {
  /** Record batches whose bytes are complete. */
  batches = 0;
  /** End offset of the last complete record batch: the prefix that decodes to `batches` batches. */
  batchesEnd = 0;
  /** The end-of-stream marker was reached. */
  ended = false;
  private _next = 0;

  /**
   * Look at the first `filled` bytes of `buffer` (which only ever grows); returns how many record
   * batches became complete since the last call.
   */
  advance(buffer: Uint8Array, filled: number): number {
    const before = this.batches;
    const data = new DataView(buffer.buffer, buffer.byteOffset, filled);
    while (!this.ended) {
      const message = messageAt(data, this._next);
      if (message === undefined) {
        break;
      }
      if (message === 'end') {
        this.ended = true;
        break;
      }
      if (message.end > filled) {
        break;
      }
      if (message.kind === RECORD_BATCH) {
        this.batches++;
        this.batchesEnd = message.end;
      }
      this._next = message.end;
    }
    return this.batches - before;
  }
}

/**
 * The message starting at `at`: its kind and where its body ends; undefined while its metadata
 * is incomplete (or unreadable, which the decoder will then report).
 */
function messageAt(
  data: DataView,
  at: number
): { kind: number; end: number } | 'end' | undefined {
  if (at + 4 > data.byteLength) {
    return undefined;
  }
  let lengthAt = at;
  if (data.getInt32(at, true) === CONTINUATION) {
    lengthAt += 4;
    if (lengthAt + 4 > data.byteLength) {
      return undefined;
    }
  }
  const metadataLength = data.getInt32(lengthAt, true);
  if (metadataLength === 0) {
    return 'end';
  }
  const start = lengthAt + 4;
  const metadataEnd = start + metadataLength;
  if (metadataLength < 0 || metadataEnd > data.byteLength) {
    return undefined;
  }
  const inside = (offset: number, size: number) =>
    offset >= start && offset + size <= metadataEnd;
  const table = start + data.getUint32(start, true);
  if (!inside(table, 4)) {
    return undefined;
  }
  const vtable = table - data.getInt32(table, true);
  if (!inside(vtable, 4)) {
    return undefined;
  }
  const vtableSize = data.getUint16(vtable, true);
  // Message fields: 0 version, 1 header type, 2 header, 3 body length, 4 custom metadata.
  const fieldOffset = (field: number) => {
    const slot = vtable + 4 + 2 * field;
    return 4 + 2 * field < vtableSize && inside(slot, 2)
      ? data.getUint16(slot, true)
      : 0;
  };
  const kindOffset = fieldOffset(1);
  const bodyOffset = fieldOffset(3);
  const kind =
    kindOffset && inside(table + kindOffset, 1)
      ? data.getUint8(table + kindOffset)
      : 0;
  const bodyLength =
    bodyOffset && inside(table + bodyOffset, 8)
      ? Number(data.getBigInt64(table + bodyOffset, true))
      : 0;
  if (bodyLength < 0) {
    return undefined;
  }
  return { kind, end: metadataEnd + bodyLength };
}
