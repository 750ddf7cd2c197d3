import type { SqlDriverAdapter, SqlDriverAdapterFactory, SqlQuery } from '@prisma/driver-adapter-utils';

/** The app's adapter, recording each statement's SQL (transactions shown as BEGIN). */
export const recording = (factory: SqlDriverAdapterFactory, log: string[]): SqlDriverAdapterFactory => {
  const record = <T extends object>(target: T): T =>
    new Proxy(target, {
      get: (t, prop) => {
        const value = Reflect.get(t, prop, t) as unknown;
        if (typeof value !== 'function') return value;
        if (prop === 'queryRaw' || prop === 'executeRaw') return (q: SqlQuery) => (log.push(q.sql), value.call(t, q));
        if (prop === 'startTransaction') return async (...args: unknown[]) => (log.push('BEGIN'), record(await value.apply(t, args)));
        return value.bind(t);
      },
    });
  return { ...factory, provider: factory.provider, adapterName: factory.adapterName, connect: async () => record<SqlDriverAdapter>(await factory.connect()) };
};
