// The Thrift render_vega method for the stand-in's handler (HeavyDB's parameter list).
import type { Engine } from '../engine.ts';
import type { Sessions } from '../sessions.ts';
import { engineSource } from './engine-source.ts';
import { renderVega } from './render.ts';

export function renderMethods(
  engine: Engine,
  sessions: Sessions,
  isReadQuery: (sql: string) => boolean
) {
  const query = engineSource(engine, isReadQuery);
  return {
    async render_vega(
      session: string,
      widget_id: unknown,
      vega_json: string,
      compression_level: number,
      nonce: string
    ) {
      sessions.touch(session);
      const started = performance.now();
      const out = await renderVega(vega_json ?? '', compression_level, query);
      return {
        image: out.png,
        nonce: nonce ?? '',
        execution_time_ms: Math.round(out.executionMs),
        render_time_ms: Math.round(out.renderMs),
        total_time_ms: Math.round(performance.now() - started),
        vega_metadata: out.metadata
      };
    }
  };
}
