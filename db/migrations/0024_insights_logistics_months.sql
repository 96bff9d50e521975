CREATE TABLE `insights_logistics_months` (
	`village_id` integer NOT NULL,
	`month` text NOT NULL,
	`carrier_kind` text NOT NULL,
	`shipments_arrived` integer DEFAULT 0 NOT NULL,
	`parcels_shipped` integer DEFAULT 0 NOT NULL,
	`parcels_priced` integer DEFAULT 0 NOT NULL,
	`delivery_fee_tiyn` integer DEFAULT 0 NOT NULL,
	`shipments_due` integer DEFAULT 0 NOT NULL,
	`shipments_on_time` integer DEFAULT 0 NOT NULL,
	`parcels_lost` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`village_id`, `month`, `carrier_kind`),
	FOREIGN KEY (`village_id`) REFERENCES `villages`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "insights_logistics_months_month_format" CHECK("insights_logistics_months"."month" GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]'),
	CONSTRAINT "insights_logistics_months_nonnegative" CHECK("insights_logistics_months"."shipments_arrived" >= 0 AND "insights_logistics_months"."parcels_shipped" >= "insights_logistics_months"."parcels_priced" AND "insights_logistics_months"."parcels_priced" >= 0 AND "insights_logistics_months"."delivery_fee_tiyn" >= 0 AND "insights_logistics_months"."shipments_due" >= "insights_logistics_months"."shipments_on_time" AND "insights_logistics_months"."shipments_on_time" >= 0 AND "insights_logistics_months"."parcels_lost" >= 0)
);
--> statement-breakpoint
CREATE INDEX `insights_logistics_months_month` ON `insights_logistics_months` (`month`);