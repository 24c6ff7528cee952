import { Engine } from '../heavydb-standin/engine.ts';
const e = await Engine.open();
for (const col of ['flight_id','carrier','dep_time','dep_delay','distance','air_time','diverted', 'NULL::INT AS n']) {
  const sql = `SELECT ${col} FROM flights`;
  await e.executeArrow(sql);
  const r = await e.executeArrow(sql);
  console.log(col, 'conv', Math.round(r.conversionMs), 'engine', Math.round(r.engineMs));
}
e.close();
