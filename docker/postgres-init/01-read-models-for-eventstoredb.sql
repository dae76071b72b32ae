-- The service on EventStoreDB (profile eventstoredb) keeps its read models in a database of their
-- own, apart from those of the service whose events are in PostgreSQL.
CREATE DATABASE oversight_read;
