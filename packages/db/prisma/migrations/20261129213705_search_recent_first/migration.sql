-- Written by hand: these indexes cannot be expressed in the Prisma schema (an expression index and
-- an index with INCLUDE columns). They serve searchDocuments' order: title matches first, then the
-- most recently updated documents (see packages/jobs-search/src/query-statement.ts).
--
-- On a large existing index, build them first with CREATE INDEX CONCURRENTLY under these names:
-- IF NOT EXISTS then makes this migration a no-op instead of a long write lock.

-- Walked newest first to find a page of matches without ranking every match: the document's
-- type and text vector ride along, so the walk reads the index alone (an index-only scan).
CREATE INDEX IF NOT EXISTS "search_documents_recent_idx"
    ON "search_documents" ("source_updated_at" DESC, "id" DESC)
    INCLUDE ("entity_type", "search_vector");

-- Title matches of a rare term, when the walk above does not find a page of them.
CREATE INDEX IF NOT EXISTS "search_documents_title_idx"
    ON "search_documents" USING gin (to_tsvector('english', "title"));
