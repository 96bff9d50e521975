CREATE TABLE `categories` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`parent_id` integer,
	`slug` text NOT NULL,
	`name_kk` text NOT NULL,
	`name_ru` text NOT NULL,
	`name_en` text NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`parent_id`) REFERENCES `categories`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `categories_slug_unique` ON `categories` (`slug`);--> statement-breakpoint
CREATE INDEX `categories_parent` ON `categories` (`parent_id`,`position`);--> statement-breakpoint
CREATE TABLE `listing_changes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`listing_id` integer NOT NULL,
	`actor_user_id` integer,
	`on_behalf` integer DEFAULT false NOT NULL,
	`consent_note` text,
	`change` text NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`listing_id`) REFERENCES `listings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`actor_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "listing_changes_consent" CHECK("listing_changes"."on_behalf" = 0 OR length(trim("listing_changes"."consent_note")) > 0)
);
--> statement-breakpoint
CREATE INDEX `listing_changes_listing` ON `listing_changes` (`listing_id`,`at`);--> statement-breakpoint
CREATE TABLE `listing_photos` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`listing_id` integer NOT NULL,
	`hash` text NOT NULL,
	`width` integer NOT NULL,
	`height` integer NOT NULL,
	`position` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`listing_id`) REFERENCES `listings`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `listing_photos_listing` ON `listing_photos` (`listing_id`,`position`);--> statement-breakpoint
CREATE TABLE `listing_reports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`listing_id` integer NOT NULL,
	`reporter_user_id` integer,
	`reason` text NOT NULL,
	`note` text,
	`status` text DEFAULT 'open' NOT NULL,
	`created_at` integer NOT NULL,
	`resolved_by` integer,
	`resolved_at` integer,
	FOREIGN KEY (`listing_id`) REFERENCES `listings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`reporter_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`resolved_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `listing_reports_listing` ON `listing_reports` (`listing_id`,`status`);--> statement-breakpoint
CREATE INDEX `listing_reports_status` ON `listing_reports` (`status`,`created_at`);--> statement-breakpoint
CREATE TABLE `listings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`seller_id` integer NOT NULL,
	`village_id` integer NOT NULL,
	`category_id` integer NOT NULL,
	`language` text NOT NULL,
	`title_kk` text,
	`title_ru` text,
	`title_en` text,
	`description_kk` text,
	`description_ru` text,
	`description_en` text,
	`search_text` text DEFAULT '' NOT NULL,
	`price_tiyn` integer NOT NULL,
	`unit` text NOT NULL,
	`stock` integer NOT NULL,
	`weight_class` text NOT NULL,
	`made_to_order` integer DEFAULT false NOT NULL,
	`lead_days` integer,
	`status` text DEFAULT 'draft' NOT NULL,
	`removed_reason` text,
	`removed_by` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`published_at` integer,
	FOREIGN KEY (`seller_id`) REFERENCES `sellers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`village_id`) REFERENCES `villages`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`category_id`) REFERENCES `categories`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`removed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "listings_price_positive" CHECK("listings"."price_tiyn" > 0),
	CONSTRAINT "listings_stock_nonnegative" CHECK("listings"."stock" >= 0),
	CONSTRAINT "listings_lead_days" CHECK(("listings"."made_to_order" = 0 AND "listings"."lead_days" IS NULL) OR ("listings"."made_to_order" = 1 AND "listings"."lead_days" BETWEEN 1 AND 180))
);
--> statement-breakpoint
CREATE INDEX `listings_seller` ON `listings` (`seller_id`,`status`);--> statement-breakpoint
CREATE INDEX `listings_status_village` ON `listings` (`status`,`village_id`,`published_at`);--> statement-breakpoint
CREATE INDEX `listings_status_category` ON `listings` (`status`,`category_id`,`published_at`);--> statement-breakpoint
CREATE INDEX `listings_status_price` ON `listings` (`status`,`price_tiyn`);--> statement-breakpoint
CREATE INDEX `listings_status_published` ON `listings` (`status`,`published_at`);--> statement-breakpoint
ALTER TABLE `villages` ADD `story_kk` text;--> statement-breakpoint
ALTER TABLE `villages` ADD `story_ru` text;--> statement-breakpoint
ALTER TABLE `villages` ADD `story_en` text;