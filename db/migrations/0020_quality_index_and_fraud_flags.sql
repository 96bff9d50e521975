CREATE TABLE `fraud_flags` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`rule` text NOT NULL,
	`subject_type` text NOT NULL,
	`subject_id` integer NOT NULL,
	`seller_id` integer,
	`village_id` integer,
	`evidence` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`note` text,
	`decided_by` integer,
	`decided_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`seller_id`) REFERENCES `sellers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`village_id`) REFERENCES `villages`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `fraud_flags_rule_subject` ON `fraud_flags` (`rule`,`subject_type`,`subject_id`);--> statement-breakpoint
CREATE INDEX `fraud_flags_status` ON `fraud_flags` (`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `fraud_flags_village` ON `fraud_flags` (`village_id`,`status`);--> statement-breakpoint
CREATE TABLE `quality_months` (
	`seller_id` integer NOT NULL,
	`month` text NOT NULL,
	`orders` integer NOT NULL,
	`seller_cancels` integer NOT NULL,
	`drops` integer NOT NULL,
	`drops_late` integer NOT NULL,
	`disputes_lost` integer NOT NULL,
	`quality_returns` integer NOT NULL,
	`rating_milli` integer,
	`judged` integer NOT NULL,
	`crossed` text DEFAULT '[]' NOT NULL,
	`step` integer NOT NULL,
	`thresholds` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`seller_id`, `month`),
	FOREIGN KEY (`seller_id`) REFERENCES `sellers`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "quality_months_step" CHECK("quality_months"."step" BETWEEN 0 AND 3)
);
--> statement-breakpoint
CREATE INDEX `quality_months_month_step` ON `quality_months` (`month`,`step`);--> statement-breakpoint
ALTER TABLE `messages` ADD `hidden_at` integer;