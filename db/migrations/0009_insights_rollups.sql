CREATE TABLE `insights_seller_months` (
	`village_id` integer NOT NULL,
	`seller_id` integer NOT NULL,
	`month` text NOT NULL,
	`orders_completed` integer DEFAULT 0 NOT NULL,
	`gmv_tiyn` integer DEFAULT 0 NOT NULL,
	`refunded_tiyn` integer DEFAULT 0 NOT NULL,
	`orders_refunded` integer DEFAULT 0 NOT NULL,
	`items` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`village_id`, `month`, `seller_id`),
	FOREIGN KEY (`village_id`) REFERENCES `villages`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`seller_id`) REFERENCES `sellers`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "insights_seller_months_month_format" CHECK("insights_seller_months"."month" GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]'),
	CONSTRAINT "insights_seller_months_nonnegative" CHECK("insights_seller_months"."orders_completed" >= 0 AND "insights_seller_months"."gmv_tiyn" >= 0 AND "insights_seller_months"."refunded_tiyn" >= 0 AND "insights_seller_months"."orders_refunded" >= 0 AND "insights_seller_months"."items" >= 0)
);
--> statement-breakpoint
CREATE INDEX `insights_seller_months_seller` ON `insights_seller_months` (`seller_id`,`month`);--> statement-breakpoint
CREATE TABLE `insights_village_days` (
	`village_id` integer NOT NULL,
	`day` text NOT NULL,
	`category_id` integer NOT NULL,
	`orders_completed` integer DEFAULT 0 NOT NULL,
	`gmv_tiyn` integer DEFAULT 0 NOT NULL,
	`refunded_tiyn` integer DEFAULT 0 NOT NULL,
	`orders_refunded` integer DEFAULT 0 NOT NULL,
	`items` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`village_id`, `day`, `category_id`),
	FOREIGN KEY (`village_id`) REFERENCES `villages`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`category_id`) REFERENCES `categories`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "insights_village_days_day_format" CHECK("insights_village_days"."day" GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
	CONSTRAINT "insights_village_days_nonnegative" CHECK("insights_village_days"."orders_completed" >= 0 AND "insights_village_days"."gmv_tiyn" >= 0 AND "insights_village_days"."refunded_tiyn" >= 0 AND "insights_village_days"."orders_refunded" >= 0 AND "insights_village_days"."items" >= 0)
);
--> statement-breakpoint
CREATE INDEX `insights_village_days_day` ON `insights_village_days` (`day`);