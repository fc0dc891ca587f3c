-- The fencing token each op was written under (0: an unguarded write), so the audit trail shows that
-- guarded writes landed in token order. Adding a column fires no row trigger: the log stays append-only.
alter table document_ops add column fence bigint not null default 0;
