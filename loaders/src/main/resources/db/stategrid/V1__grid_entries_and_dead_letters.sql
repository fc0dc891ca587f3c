-- Every persistent map stores its entries here: the value as jsonb, plus the typed columns that
-- queries and cleanups need. Rows are written by batched, idempotent upserts (replays are harmless).
create table grid_entries (
    map_name   text        not null,
    key        text        not null,
    tenant     text        not null default 'default',
    subject    text,
    -- Monotonic per key: a replayed older batch never overwrites a newer row.
    version    bigint      not null default 0,
    expires_at timestamptz,
    -- Highest fencing token seen for the key: a write carrying a lower one is refused.
    fence      bigint,
    value      jsonb       not null,
    updated_at timestamptz not null default now(),
    primary key (map_name, key)
);

create index grid_entries_subject on grid_entries (map_name, tenant, subject) where subject is not null;
create index grid_entries_expiry on grid_entries (map_name, expires_at) where expires_at is not null;

-- Entries that could not be stored for a permanent reason, with the error; listed and retried by operators.
create table dead_letters (
    id         bigserial   primary key,
    map_name   text        not null,
    key        text        not null,
    operation  text        not null check (operation in ('store', 'delete')),
    value      text,
    error      text        not null,
    attempts   int         not null,
    created_at timestamptz not null default now()
);

create index dead_letters_map on dead_letters (map_name, id);
