CREATE TABLE `staged_photos` (
	`hash` text PRIMARY KEY NOT NULL,
	`uploaded_by` integer,
	`staged_at` integer NOT NULL,
	FOREIGN KEY (`uploaded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `staged_photos_staged_at` ON `staged_photos` (`staged_at`);--> statement-breakpoint
CREATE INDEX `listing_photos_hash` ON `listing_photos` (`hash`);