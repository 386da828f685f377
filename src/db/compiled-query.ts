import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  createQueryId,
  type Compilable,
  type CompiledQuery,
} from 'kysely';
import type { Trx } from './database.js';
import { opensTransaction } from './prepared-pool.js';
import type { Database } from './schema.js';

/*
 * Queries built and compiled once. Building a Kysely query (parsing each column reference, freezing
 * each node) and compiling it to SQL costs a case page about as much CPU as rendering it: a page's
 * twenty reads, built afresh on every view. A query whose shape never changes, only its values, is
 * built here once with placeholders, and each call runs the same SQL with its own parameters (on
 * PostgreSQL the same prepared statement). The query is written exactly as any other Kysely query,
 * typed from the schema; what it cannot have is a shape that depends on its inputs (an optional
 * filter, a list of values for IN): those stay ordinary queries.
 */

/** Builds queries, never runs them. */
const builder = new Kysely<Database>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

const PLACEHOLDER = Symbol('compiled-query placeholder');
type Placeholder = { readonly [PLACEHOLDER]: string };
const isPlaceholder = (value: unknown): value is Placeholder =>
  typeof value === 'object' && value !== null && PLACEHOLDER in value;

type Slot = { name: string } | { value: unknown };

/** The query's values, each standing for the call's value of that name when the query runs. */
export type Placeholders<Params> = { readonly [K in keyof Params]: Params[K] };

export type CompiledRead<Params, Row> = {
  /** Every row, as `execute()` would return them. */
  all: (trx: Trx, params: Params) => Promise<Row[]>;
  /** The first row or undefined, as `executeTakeFirst()`. */
  first: (trx: Trx, params: Params) => Promise<Row | undefined>;
};

/**
 * A query built and compiled on first use, then run with each call's parameters. `build` receives
 * a query builder and placeholders for the parameters: `(db, p) => db.selectFrom('x').where('id', '=', p.id)`.
 */
export function compiledQuery<Params extends Record<string, unknown>, Row>(
  build: (db: Kysely<Database>, p: Placeholders<Params>) => Compilable<Row>,
  options: {
    /**
     * The read that opens a request's transaction (the session lookup): on PostgreSQL it is sent
     * with the `begin` and settings in one round trip, unprepared (src/db/prepared-pool.ts).
     */
    opensTransaction?: true;
  } = {},
): CompiledRead<Params, Row> {
  let compiled: { query: CompiledQuery<Row>; slots: Slot[] } | undefined;

  const compile = () => {
    const placeholders = new Proxy(
      {},
      { get: (_target, name) => (typeof name === 'string' ? { [PLACEHOLDER]: name } : undefined) },
    ) as Placeholders<Params>;
    const query = build(builder, placeholders).compile();
    const slots: Slot[] = query.parameters.map((value) => (isPlaceholder(value) ? { name: value[PLACEHOLDER] } : { value }));
    if (query.sql.includes('[object Object]')) {
      throw new Error(`A placeholder was written into the SQL text instead of a parameter: ${query.sql}`);
    }
    if (options.opensTransaction) {
      opensTransaction(query.sql);
    }
    return { query, slots };
  };

  const run = async (trx: Trx, params: Params): Promise<Row[]> => {
    compiled ??= compile();
    const parameters = compiled.slots.map((slot) => {
      if (!('name' in slot)) {
        return slot.value;
      }
      const value = params[slot.name];
      if (value === undefined) {
        throw new Error(`No value for the query parameter "${slot.name}"`);
      }
      return value;
    });
    const result = await trx.executeQuery<Row>({ ...compiled.query, parameters, queryId: createQueryId() });
    return result.rows;
  };

  return {
    all: run,
    first: async (trx, params) => (await run(trx, params))[0],
  };
}
