ALTER TABLE `shipments` ADD `from_pickup_point_id` integer REFERENCES pickup_points(id);--> statement-breakpoint
CREATE INDEX `shipments_from_point` ON `shipments` (`from_pickup_point_id`,`status`);