ALTER TABLE `lanes` ADD `carrier_phone` text;--> statement-breakpoint
ALTER TABLE `shipments` ADD `lane_id` integer REFERENCES lanes(id);