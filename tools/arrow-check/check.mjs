// Reads an Arrow IPC file with apache-arrow and prints what the C# conformance test compares:
// schema (field names, types, nullability, metadata), row count, null counts and the sum of every
// numeric column (fixed-size lists summed over all their values).
// With --rows, also every row: its strings, start_frame, fps, and the sums of its pose3d and pose2d
// (null when the row has none), so a test can compare a shard clip for clip.
// Usage: node check.mjs FILE.arrow [--rows]
import { readFileSync } from 'node:fs';
import { tableFromIPC } from 'apache-arrow';

const table = tableFromIPC(readFileSync(process.argv[2]));
const result = {
  rows: table.numRows,
  batches: table.batches.length,
  metadata: Object.fromEntries(table.schema.metadata),
  fields: table.schema.fields.map((f) => ({
    name: f.name,
    type: String(f.type),
    nullable: f.nullable,
    metadata: Object.fromEntries(f.metadata),
  })),
  sums: {},
  nulls: {},
  firstStrings: {},
};
for (const field of table.schema.fields) {
  const column = table.getChild(field.name);
  result.nulls[field.name] = column.nullCount;
  const typeName = String(field.type);
  if (typeName === 'Utf8') {
    result.firstStrings[field.name] = column.get(0);
    continue;
  }
  let sum = 0;
  for (let i = 0; i < column.length; i++) {
    const value = column.get(i);
    if (value === null || value === undefined) continue;
    if (typeof value === 'boolean') sum += value ? 1 : 0;
    else if (typeof value === 'number') sum += value;
    else for (const v of value.toArray()) sum += v;
  }
  result.sums[field.name] = sum;
}
if (process.argv.includes('--rows')) {
  const listSum = (value) => (value === null || value === undefined ? null : value.toArray().reduce((a, v) => a + v, 0));
  result.clips = [];
  for (const row of table) {
    const clip = {};
    for (const field of table.schema.fields) {
      const value = row[field.name];
      clip[field.name] = String(field.type).startsWith('FixedSizeList') ? listSum(value) : value;
    }
    result.clips.push(clip);
  }
}
process.stdout.write(JSON.stringify(result));
