CREATE TABLE `kato_units` (
	`id` integer PRIMARY KEY NOT NULL,
	`code` text NOT NULL,
	`parent_code` text,
	`level` integer NOT NULL,
	`kind` text NOT NULL,
	`type_ru` text,
	`official_kk` text NOT NULL,
	`official_ru` text NOT NULL,
	`name_kk` text NOT NULL,
	`name_ru` text NOT NULL,
	`name_en` text NOT NULL,
	`region_id` integer NOT NULL,
	`district_id` integer,
	`search_name` text NOT NULL,
	`search_place` text NOT NULL,
	`abolished_at` integer,
	FOREIGN KEY (`region_id`) REFERENCES `regions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`district_id`) REFERENCES `districts`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "kato_units_code_format" CHECK(length("kato_units"."code") = 9),
	CONSTRAINT "kato_units_level" CHECK("kato_units"."level" IN (3, 4))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `kato_units_code_unique` ON `kato_units` (`code`);--> statement-breakpoint
CREATE INDEX `kato_units_district` ON `kato_units` (`district_id`);--> statement-breakpoint
ALTER TABLE `districts` ADD `abolished_at` integer;--> statement-breakpoint
ALTER TABLE `villages` ADD `photo_hash` text;--> statement-breakpoint
ALTER TABLE `villages` ADD `photo_width` integer;--> statement-breakpoint
ALTER TABLE `villages` ADD `photo_height` integer;--> statement-breakpoint
-- Finding a settlement by name (decision 0018): the app writes each unit's
-- names, folded by foldForSearch, into kato_units.search_name, and the names
-- of its okrug, district and region into search_place; this external-content
-- FTS5 table indexes both and the triggers keep it in step. No prefix
-- indexes: a "besag*" query reads the term range of the index anyway (under a
-- millisecond for three letters or more), and without them a new database
-- loads the whole classifier a third faster.
CREATE VIRTUAL TABLE `settlements_fts` USING fts5(
  search_name,
  search_place,
  content='kato_units',
  content_rowid='id',
  tokenize='unicode61 remove_diacritics 2'
);
--> statement-breakpoint
CREATE TRIGGER `settlements_fts_insert` AFTER INSERT ON `kato_units` BEGIN
  INSERT INTO settlements_fts (rowid, search_name, search_place) VALUES (new.id, new.search_name, new.search_place);
END;
--> statement-breakpoint
CREATE TRIGGER `settlements_fts_delete` AFTER DELETE ON `kato_units` BEGIN
  INSERT INTO settlements_fts (settlements_fts, rowid, search_name, search_place) VALUES ('delete', old.id, old.search_name, old.search_place);
END;
--> statement-breakpoint
CREATE TRIGGER `settlements_fts_update` AFTER UPDATE OF search_name, search_place ON `kato_units` BEGIN
  INSERT INTO settlements_fts (settlements_fts, rowid, search_name, search_place) VALUES ('delete', old.id, old.search_name, old.search_place);
  INSERT INTO settlements_fts (rowid, search_name, search_place) VALUES (new.id, new.search_name, new.search_place);
END;
