// @heavyai/connector ships no types; we use a handful of DbCon methods (see connection.ts).
declare module '@heavyai/connector' {
  export const DbCon: any;
}
