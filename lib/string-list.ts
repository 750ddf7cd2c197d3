/** Lists kept as JSON text in the database (portable across SQLite and PostgreSQL): read them safely. */
export const parseStringList = (json: string): string[] => {
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
};
