CREATE INDEX `insights_pickup_hours_hours` ON `insights_pickup_hours` (`hours`,`month`,`orders`);--> statement-breakpoint
CREATE INDEX `insights_seller_months_sums` ON `insights_seller_months` (`village_id`,`month`,`seller_id`,`orders_completed`,`gmv_tiyn`,`refunded_tiyn`,`orders_refunded`,`items`);--> statement-breakpoint
CREATE INDEX `insights_village_buyers_buyer` ON `insights_village_buyers` (`buyer_id`,`month`,`village_id`,`orders_completed`);--> statement-breakpoint
CREATE INDEX `insights_village_buyers_orders` ON `insights_village_buyers` (`village_id`,`month`,`buyer_id`,`orders_completed`);--> statement-breakpoint
CREATE INDEX `insights_village_days_category` ON `insights_village_days` (`category_id`,`day`,`gmv_tiyn`,`orders_completed`,`items`);