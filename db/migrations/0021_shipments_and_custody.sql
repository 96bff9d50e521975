CREATE TABLE `custody_scans` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`order_id` integer NOT NULL,
	`handover` text NOT NULL,
	`holder` text NOT NULL,
	`holder_name` text NOT NULL,
	`shipment_id` integer,
	`actor_user_id` integer,
	`at` integer NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`shipment_id`) REFERENCES `shipments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`actor_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `custody_scans_order` ON `custody_scans` (`order_id`,`at`);--> statement-breakpoint
CREATE TABLE `parcel_codes` (
	`order_id` integer PRIMARY KEY NOT NULL,
	`code` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `parcel_codes_code` ON `parcel_codes` (`code`);--> statement-breakpoint
CREATE TABLE `shipment_discrepancies` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`shipment_id` integer NOT NULL,
	`order_id` integer NOT NULL,
	`kind` text NOT NULL,
	`opened_at` integer NOT NULL,
	`opened_by` integer,
	`outcome` text,
	`resolved_at` integer,
	`resolved_by` integer,
	`note` text,
	FOREIGN KEY (`shipment_id`) REFERENCES `shipments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`opened_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`resolved_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "shipment_discrepancies_resolved" CHECK(("shipment_discrepancies"."outcome" IS NULL) = ("shipment_discrepancies"."resolved_at" IS NULL))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `shipment_discrepancies_one` ON `shipment_discrepancies` (`shipment_id`,`order_id`);--> statement-breakpoint
CREATE TABLE `shipment_parcels` (
	`shipment_id` integer NOT NULL,
	`order_id` integer NOT NULL,
	`state` text NOT NULL,
	`loaded_scan_at` integer,
	`arrived_scan_at` integer,
	PRIMARY KEY(`shipment_id`, `order_id`),
	FOREIGN KEY (`shipment_id`) REFERENCES `shipments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `shipment_parcels_order` ON `shipment_parcels` (`order_id`);--> statement-breakpoint
CREATE TABLE `shipments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`from_village_id` integer NOT NULL,
	`to_pickup_point_id` integer NOT NULL,
	`status` text NOT NULL,
	`carrier_kind` text NOT NULL,
	`carrier_name` text NOT NULL,
	`carrier_phone` text NOT NULL,
	`created_by` integer,
	`created_at` integer NOT NULL,
	`departed_by` integer,
	`departed_at` integer,
	`expected_arrival_at` integer,
	`arrived_by` integer,
	`arrived_at` integer,
	FOREIGN KEY (`from_village_id`) REFERENCES `villages`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`to_pickup_point_id`) REFERENCES `pickup_points`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`departed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`arrived_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `shipments_from` ON `shipments` (`from_village_id`,`status`);--> statement-breakpoint
CREATE INDEX `shipments_to` ON `shipments` (`to_pickup_point_id`,`status`);