/** Which collection an item belongs to: flags or segments. */
export type DataKind = 'flags' | 'segments';
