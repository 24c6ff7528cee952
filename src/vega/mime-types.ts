/**
 * The Vega output types and the renderer's rank: all the start-up code needs
 * to register the renderer (the rest of mime.ts loads with the renderer).
 */
/** The output type of a HeavyDB rendering Vega spec. */
export const VEGA_MIME_TYPE = 'application/vnd.heavyai.vega+json';
/** The name the original OmniSci extension used; notebooks made with it still render. */
export const LEGACY_VEGA_MIME_TYPE = 'application/vnd.omnisci.vega+json';
/** Both names, current first: the renderer registers for each. */
export const VEGA_MIME_TYPES = [VEGA_MIME_TYPE, LEGACY_VEGA_MIME_TYPE];
/** Where the rendered image is kept beside the spec, as notebooks store images. */
export const PNG_MIME_TYPE = 'image/png';
/** Ahead of image/png (90) and HTML (50): the spec, not the stored image, picks the renderer. */
export const VEGA_RENDERER_RANK = 40;
