-- The complete op log of every document: one row per applied op, never updated or deleted (the audit
-- trail; the grid holds only the newest ops). Ops are kept as the exact text that was applied (not
-- jsonb, which would reorder keys), so replaying them rebuilds every version byte for byte.
create table document_ops (
    tenant        text        not null,
    doc_id        text        not null,
    version       bigint      not null,
    kind          text        not null,
    type          text        not null,
    op            text,
    restored_from bigint      not null default 0,
    client_id     text,
    client_seq    bigint      not null default 0,
    author        text        not null,
    applied_at    timestamptz not null,
    primary key (tenant, doc_id, version)
);

create function document_ops_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'document_ops is append-only (the audit trail of documents)';
end
$$;

create trigger document_ops_append_only before update or delete on document_ops
    for each row execute function document_ops_append_only();

-- Whole versions stored every so often, so an old version is rebuilt from the nearest one below it
-- plus a bounded number of ops.
create table document_snapshots (
    tenant     text        not null,
    doc_id     text        not null,
    version    bigint      not null,
    type       text        not null,
    content    text        not null,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    updated_by text        not null,
    primary key (tenant, doc_id, version)
);
