CREATE TABLE `api_tokens` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`label` text NOT NULL,
	`token_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	`last_used_at` integer,
	`revoked_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_tokens_token_hash_unique` ON `api_tokens` (`token_hash`);--> statement-breakpoint
CREATE INDEX `api_tokens_user` ON `api_tokens` (`user_id`);--> statement-breakpoint
CREATE TABLE `evidence_consents` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`seller_id` integer NOT NULL,
	`purpose` text NOT NULL,
	`given_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`withdrawn_at` integer,
	FOREIGN KEY (`seller_id`) REFERENCES `sellers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `evidence_consents_seller` ON `evidence_consents` (`seller_id`,`given_at`);--> statement-breakpoint
CREATE TABLE `insights_pickup_hours` (
	`village_id` integer NOT NULL,
	`month` text NOT NULL,
	`hours` integer NOT NULL,
	`orders` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`village_id`, `month`, `hours`),
	FOREIGN KEY (`village_id`) REFERENCES `villages`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "insights_pickup_hours_nonnegative" CHECK("insights_pickup_hours"."hours" >= 0 AND "insights_pickup_hours"."orders" >= 0)
);
--> statement-breakpoint
CREATE TABLE `insights_village_buyers` (
	`village_id` integer NOT NULL,
	`month` text NOT NULL,
	`buyer_id` integer NOT NULL,
	`orders_completed` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`village_id`, `month`, `buyer_id`),
	FOREIGN KEY (`village_id`) REFERENCES `villages`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "insights_village_buyers_nonnegative" CHECK("insights_village_buyers"."orders_completed" >= 0)
);
--> statement-breakpoint
CREATE TABLE `insights_village_months` (
	`village_id` integer NOT NULL,
	`month` text NOT NULL,
	`pickups` integer DEFAULT 0 NOT NULL,
	`online_pickups` integer DEFAULT 0 NOT NULL,
	`disputes` integer DEFAULT 0 NOT NULL,
	`handovers_due` integer DEFAULT 0 NOT NULL,
	`handovers_on_time` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`village_id`, `month`),
	FOREIGN KEY (`village_id`) REFERENCES `villages`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "insights_village_months_month_format" CHECK("insights_village_months"."month" GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]'),
	CONSTRAINT "insights_village_months_nonnegative" CHECK("insights_village_months"."pickups" >= 0 AND "insights_village_months"."online_pickups" >= 0 AND "insights_village_months"."disputes" >= 0 AND "insights_village_months"."handovers_due" >= 0 AND "insights_village_months"."handovers_on_time" >= 0 AND "insights_village_months"."handovers_on_time" <= "insights_village_months"."handovers_due")
);
--> statement-breakpoint
CREATE INDEX `orders_completed_at` ON `orders` (`completed_at`);