// A Vega spec the stand-in refuses; the handler sends the message back as a TDBException.

export class VegaSpecError extends Error {
  /** `part` is the JSON path of the offending piece, e.g. `marks[0].type`. */
  constructor(
    readonly part: string,
    detail: string
  ) {
    super(`Vega spec: ${part}: ${detail}`);
    this.name = 'VegaSpecError';
  }
}

/** Refuses `part` as outside what the stand-in renders. */
export function unsupported(
  part: string,
  what: string,
  supported: string
): never {
  throw new VegaSpecError(
    part,
    `${what} is not supported by the HeavyDB stand-in's renderer (supported: ${supported})`
  );
}

export function invalid(part: string, detail: string): never {
  throw new VegaSpecError(part, detail);
}
