CREATE TABLE `order_reminders` (
	`order_id` integer NOT NULL,
	`deadline_kind` text NOT NULL,
	`deadline_at` integer NOT NULL,
	`sent_at` integer NOT NULL,
	PRIMARY KEY(`order_id`, `deadline_kind`, `deadline_at`),
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `sellers` ADD `assisted_orders` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `orders` ADD `promised_ready_at` integer;--> statement-breakpoint
ALTER TABLE `orders` ADD `proposed_ready_at` integer;--> statement-breakpoint
ALTER TABLE `orders` ADD `extension_asked_at` integer;--> statement-breakpoint
ALTER TABLE `orders` ADD `flagged_at` integer;--> statement-breakpoint
CREATE INDEX `orders_flagged` ON `orders` (`flagged_at`);