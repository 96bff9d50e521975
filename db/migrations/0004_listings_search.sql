-- Full-text search over listings (issue: catalog). The app writes every
-- language's title and description, folded by foldForSearch, into
-- listings.search_text; this external-content FTS5 table indexes it and the
-- triggers keep it in step. Prefix indexes speed up "стол*"-style queries.
CREATE VIRTUAL TABLE `listings_fts` USING fts5(
  search_text,
  content='listings',
  content_rowid='id',
  tokenize='unicode61 remove_diacritics 2',
  prefix='2 3 4'
);
--> statement-breakpoint
CREATE TRIGGER `listings_fts_insert` AFTER INSERT ON `listings` BEGIN
  INSERT INTO listings_fts (rowid, search_text) VALUES (new.id, new.search_text);
END;
--> statement-breakpoint
CREATE TRIGGER `listings_fts_delete` AFTER DELETE ON `listings` BEGIN
  INSERT INTO listings_fts (listings_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
END;
--> statement-breakpoint
CREATE TRIGGER `listings_fts_update` AFTER UPDATE OF search_text ON `listings` BEGIN
  INSERT INTO listings_fts (listings_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
  INSERT INTO listings_fts (rowid, search_text) VALUES (new.id, new.search_text);
END;
--> statement-breakpoint
-- Listing changes are a record, like the audit log: never rewritten.
CREATE TRIGGER `listing_changes_no_update` BEFORE UPDATE ON `listing_changes` BEGIN
  SELECT RAISE(ABORT, 'listing_changes is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `listing_changes_no_delete` BEFORE DELETE ON `listing_changes` BEGIN
  SELECT RAISE(ABORT, 'listing_changes is append-only');
END;
