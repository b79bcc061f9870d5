import type { Migration } from './migration';

/**
 * Environments, their SDK keys, flags and segments (with tombstones, so versions only grow),
 * and per-minute insights. JSON documents are `text` (the same on both databases).
 */
export const coreMigration: Migration = {
  id: '001-core',
  sql: `
create table environments (
  key text primary key,
  name text not null,
  position integer not null,
  created_at bigint not null
);
create table sdk_keys (
  digest text primary key,
  environment text not null references environments (key) on delete cascade,
  sdk_key text not null,
  state text not null,
  created_at bigint not null
);
create index sdk_keys_environment on sdk_keys (environment);
create table items (
  environment text not null references environments (key) on delete cascade,
  kind text not null,
  key text not null,
  version integer not null,
  deleted integer not null,
  body text not null,
  updated_at bigint not null,
  primary key (environment, kind, key)
);
create table insights_minutes (
  environment text not null,
  minute bigint not null,
  node text not null,
  data text not null,
  primary key (environment, minute, node)
);
create table store_meta (
  key text primary key,
  value text not null
);
`,
};
