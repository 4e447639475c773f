// node-postgres (pg) and postgres.js against pgmicro-server, each answer
// compared with the same query on the real PostgreSQL 15 (the oracle).
// Environment: PGMICRO_PORT (server under test), PGREF_PORT (oracle, 54329).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import postgres from 'postgres';

const PORT = Number(process.env.PGMICRO_PORT);
const REF_PORT = Number(process.env.PGREF_PORT || 54329);
const conn = (port) => ({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres' });
const ZONE = 'America/New_York';

// [SQL, parameters]: every common type as a parameter and as a result.
const QUERIES = [
  ['SELECT $1::int4 AS a, $2::int8 AS b, $3::int2 AS c', [42, '-9007199254740993', 7]],
  ['SELECT $1::numeric AS n, $2::numeric AS m', ['123.4500', '-0.000001']],
  ['SELECT $1::float8 AS f, $2::float4 AS g', [0.1, 1.5]],
  ['SELECT $1::text AS t, $2::varchar AS v, $3::bool AS b', ['héllo ∑', 'x', true]],
  ['SELECT $1::date AS d, $2::time AS t', ['2024-02-29', '13:14:15.5']],
  ['SELECT $1::timestamp AS ts, $2::timestamptz AS tz', ['2024-07-01 12:34:56.789', '2024-07-01 12:34:56.5+02']],
  ['SELECT $1::interval AS i, $2::interval AS j', ['1 year 2 mons -3 days 04:05:06', '-1 day 02:00']],
  ['SELECT $1::uuid AS u', ['a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11']],
  ['SELECT $1::json AS j, $2::jsonb AS jb', ['{"b": [1, 2.5], "a": null}', '{"b": [1, 2.5], "a": null}']],
  ['SELECT $1::bytea AS b', [Buffer.from([0, 1, 255])]],
  ['SELECT $1::int4[] AS a, $2::text[] AS t', [[1, null, 3], ['a', 'b c', null, '"q"']]],
  ['SELECT $1::numeric[] AS n, $2::date[] AS d', [['1.5', '-2'], ['2024-01-02', null]]],
  ["SELECT ARRAY['1 day'::interval, NULL] AS i, ARRAY[true, false] AS b, '{}'::int4[] AS e", []],
  ["SELECT NULL::int AS n, 'infinity'::timestamptz AS inf, 'NaN'::numeric AS nan", []],
];

// Rows as plain data (Dates as ISO strings, Buffers as hex) for comparison.
function plain(v) {
  if (v instanceof Date) return isNaN(v) ? 'Invalid Date' : v.toISOString();
  if (Buffer.isBuffer(v)) return 'hex:' + v.toString('hex');
  if (Array.isArray(v)) return v.map(plain);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  return v;
}

// ---- node-postgres ----

const pgMine = new pg.Client({ ...conn(PORT), options: `-c TimeZone=${ZONE}` });
const pgRef = new pg.Client({ ...conn(REF_PORT), options: `-c TimeZone=${ZONE}` });
await pgMine.connect();
await pgRef.connect();

async function both(fn) {
  const settle = (p) => p.then((r) => ({ ok: r }), (e) => ({ err: e.code }));
  const [mine, ref] = await Promise.all([settle(fn(pgMine)), settle(fn(pgRef))]);
  return { mine, ref };
}

for (const [sql, params] of QUERIES) {
  test(`pg: ${sql}`, async () => {
    const { mine, ref } = await both(async (c) => {
      const r = await c.query(sql, params);
      return { rows: plain(r.rows), types: r.fields.map((f) => f.dataTypeID) };
    });
    assert.deepEqual(mine, ref);
  });
}

test('pg: named prepared statement, run twice', async () => {
  const q = { name: 'double', text: 'SELECT $1::int * 2 AS v', values: [21] };
  assert.deepEqual((await pgMine.query(q)).rows, [{ v: 42 }]);
  assert.deepEqual((await pgMine.query({ ...q, values: [5] })).rows, [{ v: 10 }]);
});

test('pg: errors carry SQLSTATE and position', async () => {
  await assert.rejects(pgMine.query('SELECT 1/0'), { code: '22012' });
  await assert.rejects(pgMine.query('SELECT * FROM nosuch'), (e) => e.code === '42P01' && e.position === '15');
  await assert.rejects(pgMine.query('SELECT $1::int', ['x']), { code: '22P02' });
  assert.deepEqual((await pgMine.query('SELECT 1 AS ok')).rows, [{ ok: 1 }]);
});

test('pg: transactions commit, roll back, and abort on error', async () => {
  await pgMine.query('DROP TABLE IF EXISTS nt');
  await pgMine.query('CREATE TABLE nt (id int PRIMARY KEY, v text)');
  await pgMine.query('BEGIN');
  await pgMine.query('INSERT INTO nt VALUES ($1, $2)', [1, 'kept']);
  await pgMine.query('COMMIT');
  await pgMine.query('BEGIN');
  await pgMine.query('INSERT INTO nt VALUES ($1, $2)', [2, 'dropped']);
  await pgMine.query('ROLLBACK');
  await pgMine.query('BEGIN');
  await assert.rejects(pgMine.query('INSERT INTO nt VALUES (1, $1)', ['dup']), { code: '23505' });
  await assert.rejects(pgMine.query('SELECT 1'), { code: '25P02' });
  await pgMine.query('ROLLBACK');
  assert.deepEqual((await pgMine.query('SELECT id, v FROM nt ORDER BY id')).rows, [{ id: 1, v: 'kept' }]);
});

test('pg: pool of connections', async () => {
  const pool = new pg.Pool({ ...conn(PORT), max: 4 });
  const got = await Promise.all([...Array(12).keys()].map((i) => pool.query('SELECT $1::int + 1 AS v', [i])));
  assert.deepEqual(got.map((r) => r.rows[0].v), [...Array(12).keys()].map((i) => i + 1));
  await pool.end();
});

// ---- postgres.js (extended protocol; its startup query reads pg_type) ----

const sqlMine = postgres({ ...conn(PORT), connection: { TimeZone: ZONE }, max: 2, onnotice: () => {} });
const sqlRef = postgres({ ...conn(REF_PORT), connection: { TimeZone: ZONE }, max: 2, onnotice: () => {} });

test("postgres.js: the startup query's array types are PostgreSQL's", async () => {
  const q = `select b.oid, b.typarray from pg_catalog.pg_type a
             left join pg_catalog.pg_type b on b.oid = a.typelem
             where a.typcategory = 'A' group by b.oid, b.typarray order by b.oid`;
  const mine = await sqlMine.unsafe(q);
  const ref = new Map((await sqlRef.unsafe(q)).map((r) => [r.oid, r.typarray]));
  assert.ok(mine.length > 10);
  for (const r of mine) if (r.oid !== null) assert.equal(r.typarray, ref.get(r.oid), `typarray of ${r.oid}`);
});

for (const [text, params] of QUERIES) {
  test(`postgres.js: ${text}`, async () => {
    const run = (s) => s.unsafe(text, params.map((p) => (Array.isArray(p) ? s.array(p) : p)));
    const settle = (p) => p.then((r) => ({ ok: plain([...r]) }), (e) => ({ err: e.code }));
    const [mine, ref] = await Promise.all([settle(run(sqlMine)), settle(run(sqlRef))]);
    assert.deepEqual(mine, ref);
  });
}

test('postgres.js: tagged templates, transactions and errors', async () => {
  await sqlMine`DROP TABLE IF EXISTS pj`;
  await sqlMine`CREATE TABLE pj (id int PRIMARY KEY, tags text[], at timestamptz)`;
  await sqlMine.begin(async (tx) => {
    await tx`INSERT INTO pj ${tx([{ id: 1, tags: ['a', 'b'], at: new Date('2024-01-02T03:04:05Z') }])}`;
    await tx`INSERT INTO pj VALUES (${2}, ${tx.array(['c'])}, ${new Date(0)})`;
  });
  await assert.rejects(sqlMine.begin(async (tx) => {
    await tx`INSERT INTO pj VALUES (3, NULL, NULL)`;
    await tx`SELECT 1/0`;
  }), { code: '22012' });
  const rows = await sqlMine`SELECT id, tags, at FROM pj WHERE id = ANY(${sqlMine.array([1, 2, 3])}::int[]) ORDER BY id`;
  assert.deepEqual(plain([...rows]), [
    { id: 1, tags: ['a', 'b'], at: '2024-01-02T03:04:05.000Z' },
    { id: 2, tags: ['c'], at: '1970-01-01T00:00:00.000Z' },
  ]);
  await assert.rejects(sqlMine`SELECT * FROM pj WHERE id = ${'x'}`, { code: '22P02' });
});

after(async () => {
  await Promise.all([pgMine.end(), pgRef.end(), sqlMine.end(), sqlRef.end()]);
});
