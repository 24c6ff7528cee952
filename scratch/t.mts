import { Engine } from '/work/wt-13a/heavydb-standin/engine.ts';
import { tableFromIPC } from 'apache-arrow';
const e = await Engine.open();
for (const sql of ['SELECT * FROM all_types ORDER BY id', 'SELECT * FROM tweets', 'SELECT * FROM flights LIMIT 5']) {
  const r = await e.executeArrow(sql);
  const t = tableFromIPC(r.ipc);
  console.log(t.schema.fields.map(f => `${f.name}:${f.type}`).join(' '));
  for (const row of t.toArray().slice(0, 5)) console.log(JSON.stringify(row.toJSON(), (k, v) => typeof v === 'bigint' ? v.toString() : v));
}
for (let i = 0; i < 3; i++) {
  const t0 = performance.now();
  const r = await e.executeArrow('SELECT * FROM flights');
  const t1 = performance.now();
  const t = tableFromIPC(r.ipc);
  console.log('1M flights', Math.round(t1 - t0), 'ms total; conv', Math.round(r.conversionMs), 'engine', Math.round(r.engineMs), 'bytes', r.ipc.length, 'decode', Math.round(performance.now() - t1), t.numRows);
}
e.close();
