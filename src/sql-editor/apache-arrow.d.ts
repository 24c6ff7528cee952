// apache-arrow 7 declares no types in its package "exports", so the extension's build sees none;
// the editor calls only tableFromIPC, typed here by what the result block reads. The tools'
// tsconfig maps the real declarations instead and leaves this file out.
declare module 'apache-arrow' {
  export function tableFromIPC(
    bytes: Uint8Array
  ): import('../sql/arrow-block').IArrowTableLike;
}
