CREATE TABLE `lanes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`from_village_id` integer,
	`from_point_id` integer,
	`to_point_id` integer NOT NULL,
	`carrier_kind` text NOT NULL,
	`carrier_name` text NOT NULL,
	`weekdays` integer NOT NULL,
	`transit_days` integer NOT NULL,
	`up_to_15kg_tiyn` integer,
	`from_15_to_50kg_tiyn` integer,
	`over_50kg_tiyn` integer,
	`active` integer DEFAULT true NOT NULL,
	`created_by` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`from_village_id`) REFERENCES `villages`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`from_point_id`) REFERENCES `pickup_points`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`to_point_id`) REFERENCES `pickup_points`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "lanes_one_origin" CHECK(("lanes"."from_village_id" IS NULL) <> ("lanes"."from_point_id" IS NULL)),
	CONSTRAINT "lanes_weekdays" CHECK("lanes"."weekdays" BETWEEN 1 AND 127),
	CONSTRAINT "lanes_transit_days" CHECK("lanes"."transit_days" BETWEEN 0 AND 30),
	CONSTRAINT "lanes_tariffs" CHECK(("lanes"."up_to_15kg_tiyn" IS NULL OR "lanes"."up_to_15kg_tiyn" >= 0) AND ("lanes"."from_15_to_50kg_tiyn" IS NULL OR "lanes"."from_15_to_50kg_tiyn" >= 0) AND ("lanes"."over_50kg_tiyn" IS NULL OR "lanes"."over_50kg_tiyn" >= 0))
);
--> statement-breakpoint
CREATE INDEX `lanes_from_village` ON `lanes` (`from_village_id`,`active`);--> statement-breakpoint
CREATE INDEX `lanes_from_point` ON `lanes` (`from_point_id`,`active`);--> statement-breakpoint
CREATE INDEX `lanes_to_point` ON `lanes` (`to_point_id`,`active`);--> statement-breakpoint
CREATE TABLE `order_legs` (
	`order_id` integer NOT NULL,
	`leg` integer NOT NULL,
	`lane_id` integer NOT NULL,
	`fee_tiyn` integer NOT NULL,
	`departs_at` integer NOT NULL,
	`arrives_at` integer NOT NULL,
	PRIMARY KEY(`order_id`, `leg`),
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`lane_id`) REFERENCES `lanes`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "order_legs_fee" CHECK("order_legs"."fee_tiyn" >= 0)
);
--> statement-breakpoint
CREATE INDEX `order_legs_lane` ON `order_legs` (`lane_id`);--> statement-breakpoint
ALTER TABLE `pickup_points` ADD `settlement_code` text REFERENCES kato_units(code);--> statement-breakpoint
ALTER TABLE `pickup_points` ADD `capacity_parcels` integer;--> statement-breakpoint
ALTER TABLE `pickup_points` ADD `max_weight_class` text DEFAULT 'over50kg' NOT NULL;--> statement-breakpoint
CREATE INDEX `pickup_points_settlement` ON `pickup_points` (`settlement_code`);--> statement-breakpoint
ALTER TABLE `orders` ADD `delivery_tiyn` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `orders` ADD `expected_arrival_at` integer;--> statement-breakpoint
-- Existing points stand in their hub's village: they take its settlement (null for a hub opened without a code).
UPDATE `pickup_points` SET `settlement_code` = (SELECT `kato_code` FROM `villages` WHERE `villages`.`id` = `pickup_points`.`village_id`) WHERE `settlement_code` IS NULL;
