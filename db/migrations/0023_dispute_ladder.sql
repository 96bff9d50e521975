CREATE TABLE `dispute_reviewers` (
	`user_id` integer PRIMARY KEY NOT NULL,
	`appointed_by` integer,
	`appointed_at` integer NOT NULL,
	`revoked_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`appointed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `disputes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`order_id` integer NOT NULL,
	`seller_village_id` integer NOT NULL,
	`step` text NOT NULL,
	`reason` text NOT NULL,
	`bypass` integer DEFAULT false NOT NULL,
	`buyer_text` text NOT NULL,
	`buyer_photos` text DEFAULT '[]' NOT NULL,
	`seller_text` text,
	`seller_photos` text DEFAULT '[]' NOT NULL,
	`seller_answered_at` integer,
	`seller_missed_at` integer,
	`decision` text,
	`decision_refund_tiyn` integer,
	`decision_reason` text,
	`decided_by` integer,
	`decided_at` integer,
	`appealed_by` text,
	`appeal_text` text,
	`appealed_at` integer,
	`reviewer_user_id` integer,
	`final_outcome` text,
	`final_refund_tiyn` integer,
	`final_reason` text,
	`final_by` integer,
	`opened_at` integer NOT NULL,
	`step_started_at` integer NOT NULL,
	`closed_at` integer,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`reviewer_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`final_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "disputes_refunds" CHECK(coalesce("disputes"."decision_refund_tiyn", 1) > 0 AND coalesce("disputes"."final_refund_tiyn", 1) > 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `disputes_order_id_unique` ON `disputes` (`order_id`);--> statement-breakpoint
CREATE INDEX `disputes_step` ON `disputes` (`step`,`opened_at`);--> statement-breakpoint
CREATE INDEX `disputes_reviewer` ON `disputes` (`reviewer_user_id`,`step`);