// Writes a clip shard with apache-arrow (T = 2, 5 clips, clip 3 without 2D keypoints) and the sums
// our reader must find in it. Usage: node make-fixture.mjs OUT.arrow OUT.json
import { writeFileSync } from 'node:fs';
import {
  Field, Schema, Utf8, Int32, Float32, FixedSizeList, Struct, RecordBatch, Table,
  makeData, vectorFromArray, tableToIPC,
} from 'apache-arrow';

const T = 2, J = 17, rows = 5;
const n3 = T * J * 3, n2 = T * J * 2;
const meta = new Map([
  ['corpus_version', 'fixture-v1'], ['skeleton', 'h36m-17'], ['T', String(T)], ['S', '2'],
  ['units', 'mm'], ['Ms', '350.5'], ['Msp', '480.25'],
]);
const item = () => new Field('item', new Float32(), false);
const fields = [
  ...['clip_id', 'dataset', 'subject', 'action', 'camera', 'split'].map((n) => new Field(n, new Utf8(), false)),
  new Field('start_frame', new Int32(), false),
  new Field('fps', new Float32(), false),
  new Field('pose3d', new FixedSizeList(n3, item()), false),
  new Field('pose2d', new FixedSizeList(n2, item()), true),
];
const schema = new Schema(fields, meta);

const text = {
  clip_id: [...Array(rows).keys()].map((i) => `h36m/S1/Walking.54138969@${i * 2}`),
  dataset: Array(rows).fill('h36m'),
  subject: Array(rows).fill('S1'),
  action: Array(rows).fill('Walking'),
  camera: Array(rows).fill('54138969'),
  split: ['train', 'train', 'val', 'test', 'train'],
};
const pose3d = Float32Array.from({ length: rows * n3 }, (_, k) => (k % 97) * 1.5 - 40);
const pose2d = Float32Array.from({ length: rows * n2 }, (_, k) => (k % 31) * 0.25);
const nullRow = 3;
for (let k = nullRow * n2; k < (nullRow + 1) * n2; k++) pose2d[k] = 0;
const bitmap = new Uint8Array([0b11111 & ~(1 << nullRow)]);

const children = [
  ...['clip_id', 'dataset', 'subject', 'action', 'camera', 'split'].map((n) => vectorFromArray(text[n], new Utf8()).data[0]),
  makeData({ type: new Int32(), length: rows, data: Int32Array.from({ length: rows }, (_, i) => i * 2) }),
  makeData({ type: new Float32(), length: rows, data: Float32Array.from({ length: rows }, () => 50) }),
  makeData({ type: fields[8].type, length: rows, nullCount: 0, child: makeData({ type: new Float32(), length: rows * n3, data: pose3d }) }),
  makeData({ type: fields[9].type, length: rows, nullCount: 1, nullBitmap: bitmap, child: makeData({ type: new Float32(), length: rows * n2, data: pose2d }) }),
];
const batch = new RecordBatch(schema, makeData({ type: new Struct(fields), length: rows, nullCount: 0, children }));
writeFileSync(process.argv[2], tableToIPC(new Table(schema, [batch]), 'file'));

const sum = (a) => a.reduce((s, v) => s + v, 0);
writeFileSync(process.argv[3], JSON.stringify({
  rows,
  start_frame: sum(Array.from({ length: rows }, (_, i) => i * 2)),
  fps: 50 * rows,
  pose3d: sum(pose3d),
  pose2d: sum(pose2d),
  pose2dNullRow: nullRow,
  firstClipId: text.clip_id[0],
}, null, 2) + '\n');
