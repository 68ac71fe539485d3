/** Deliveries are rows with an integer key; the API names them `dlv_<n>`. */
export function deliveryKey(id: number): string {
  return `dlv_${id}`;
}

/** The row key of a `dlv_<n>` id; undefined when it is not one. */
export function deliveryRow(key: string): number | undefined {
  const m = /^dlv_(\d{1,15})$/.exec(key);
  return m ? Number(m[1]) : undefined;
}

export const iso = (ms: number) => new Date(Number(ms)).toISOString();
export const isoOrNull = (ms: number | null | undefined) => (ms === null || ms === undefined ? null : iso(ms));
