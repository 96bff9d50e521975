CREATE TABLE `districts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`region_id` integer NOT NULL,
	`slug` text NOT NULL,
	`kato_code` text,
	`name_kk` text NOT NULL,
	`name_ru` text NOT NULL,
	`name_en` text NOT NULL,
	`is_demo` integer DEFAULT false NOT NULL,
	FOREIGN KEY (`region_id`) REFERENCES `regions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `districts_kato_code_unique` ON `districts` (`kato_code`);--> statement-breakpoint
CREATE UNIQUE INDEX `districts_region_slug` ON `districts` (`region_id`,`slug`);--> statement-breakpoint
CREATE TABLE `regions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`iso_code` text NOT NULL,
	`kato_code` text NOT NULL,
	`kind` text NOT NULL,
	`name_kk` text NOT NULL,
	`name_ru` text NOT NULL,
	`name_en` text NOT NULL,
	`centre_kk` text,
	`centre_ru` text,
	`centre_en` text,
	CONSTRAINT "regions_kato_format" CHECK(length("regions"."kato_code") = 9)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `regions_iso_code_unique` ON `regions` (`iso_code`);--> statement-breakpoint
CREATE UNIQUE INDEX `regions_kato_code_unique` ON `regions` (`kato_code`);--> statement-breakpoint
CREATE TABLE `villages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`district_id` integer NOT NULL,
	`slug` text NOT NULL,
	`kato_code` text,
	`name_kk` text NOT NULL,
	`name_ru` text NOT NULL,
	`name_en` text NOT NULL,
	`households` integer NOT NULL,
	`specialty` text,
	`is_demo` integer DEFAULT false NOT NULL,
	FOREIGN KEY (`district_id`) REFERENCES `districts`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "villages_households_nonnegative" CHECK("villages"."households" >= 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `villages_slug_unique` ON `villages` (`slug`);--> statement-breakpoint
CREATE UNIQUE INDEX `villages_kato_code_unique` ON `villages` (`kato_code`);--> statement-breakpoint
CREATE INDEX `villages_district` ON `villages` (`district_id`);--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
