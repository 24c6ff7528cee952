// Minimal typings for the untyped CommonJS modules the stand-in uses.
// Only the members this folder touches are declared.

declare module 'thrift' {
  import type { Server } from 'node:http';

  export class Int64 {
    constructor(buffer: Buffer, offset?: number);
    constructor(value: number);
    buffer: Buffer;
    offset: number;
    toNumber(allowImprecise?: boolean): number;
  }
  export interface IServiceOptions {
    processor: unknown;
    handler: object;
    protocol: unknown;
    transport: unknown;
  }
  export function createWebServer(options: {
    services: Record<string, IServiceOptions>;
  }): Server;
  export const TJSONProtocol: unknown;
  export const TBinaryProtocol: unknown;
  export const TBufferedTransport: unknown;
  const thrift: {
    Int64: typeof Int64;
    createWebServer: typeof createWebServer;
    TJSONProtocol: unknown;
    TBinaryProtocol: unknown;
    TBufferedTransport: unknown;
  };
  export default thrift;
}

declare module 'thrift/lib/nodejs/lib/thrift/input_buffer_underrun_error.js' {
  /** What a protocol throws when the message is not all there yet (the server waits for more). */
  export default class InputBufferUnderrunError extends Error {}
}

declare module '@heavyai/connector/thrift/Heavy.js' {
  const heavy: { Processor: unknown };
  export default heavy;
}

declare module '@heavyai/connector/thrift/heavy_types.js' {
  export class TDBException extends Error {
    constructor(args?: { error_msg?: string });
    error_msg: string | null;
  }
  const types: {
    TDBException: typeof TDBException;
    TRole: Record<string, number>;
    TArrowTransport: Record<string, number>;
    TTableType: Record<string, number>;
  };
  export default types;
}

declare module '@heavyai/connector/thrift/common_types.js' {
  const types: {
    TDatumType: Record<string, number>;
    TEncodingType: Record<string, number>;
    TDeviceType: Record<string, number>;
  };
  export default types;
}

declare module '@heavyai/connector/thrift/completion_hints_types.js' {
  const types: { TCompletionHintType: Record<string, number> };
  export default types;
}

declare module '@heavyai/connector' {
  export const DbCon: new () => any;
  const connector: { DbCon: new () => any };
  export default connector;
}
