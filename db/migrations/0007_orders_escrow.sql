CREATE TABLE `pickup_points` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`village_id` integer NOT NULL,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`address` text NOT NULL,
	`opening_hours` text NOT NULL,
	`storage_days` integer DEFAULT 7 NOT NULL,
	`accepts_cash` integer DEFAULT true NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`created_by` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`village_id`) REFERENCES `villages`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "pickup_points_storage_days" CHECK("pickup_points"."storage_days" BETWEEN 1 AND 30)
);
--> statement-breakpoint
CREATE INDEX `pickup_points_village` ON `pickup_points` (`village_id`,`active`);--> statement-breakpoint
CREATE TABLE `cart_items` (
	`cart_key` text NOT NULL,
	`listing_id` integer NOT NULL,
	`quantity` integer NOT NULL,
	`added_at` integer NOT NULL,
	PRIMARY KEY(`cart_key`, `listing_id`),
	FOREIGN KEY (`listing_id`) REFERENCES `listings`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "cart_items_quantity" CHECK("cart_items"."quantity" BETWEEN 1 AND 999)
);
--> statement-breakpoint
CREATE TABLE `checkouts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`buyer_user_id` integer NOT NULL,
	`pickup_point_id` integer NOT NULL,
	`payment_method` text NOT NULL,
	`total_tiyn` integer NOT NULL,
	`idempotency_key` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`buyer_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`pickup_point_id`) REFERENCES `pickup_points`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "checkouts_total_positive" CHECK("checkouts"."total_tiyn" > 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `checkouts_idempotency_key_unique` ON `checkouts` (`idempotency_key`);--> statement-breakpoint
CREATE INDEX `checkouts_buyer` ON `checkouts` (`buyer_user_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `order_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`order_id` integer NOT NULL,
	`at` integer NOT NULL,
	`actor_user_id` integer,
	`event` text NOT NULL,
	`from_status` text,
	`to_status` text NOT NULL,
	`reason` text,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`actor_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `order_events_order` ON `order_events` (`order_id`,`at`);--> statement-breakpoint
CREATE TABLE `order_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`order_id` integer NOT NULL,
	`listing_id` integer NOT NULL,
	`title` text NOT NULL,
	`language` text NOT NULL,
	`price_tiyn` integer NOT NULL,
	`quantity` integer NOT NULL,
	`line_tiyn` integer NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`listing_id`) REFERENCES `listings`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "order_items_line" CHECK("order_items"."line_tiyn" = "order_items"."price_tiyn" * "order_items"."quantity" AND "order_items"."quantity" > 0)
);
--> statement-breakpoint
CREATE INDEX `order_items_order` ON `order_items` (`order_id`);--> statement-breakpoint
CREATE TABLE `orders` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`checkout_id` integer NOT NULL,
	`buyer_user_id` integer NOT NULL,
	`seller_id` integer NOT NULL,
	`seller_village_id` integer NOT NULL,
	`pickup_point_id` integer NOT NULL,
	`payment_method` text NOT NULL,
	`status` text NOT NULL,
	`total_tiyn` integer NOT NULL,
	`platform_rate_bp` integer NOT NULL,
	`coop_rate_bp` integer NOT NULL,
	`same_village` integer NOT NULL,
	`deadline_kind` text,
	`deadline_at` integer,
	`pickup_code_hash` text,
	`pickup_code_salt` text,
	`pickup_attempts` integer DEFAULT 0 NOT NULL,
	`pickup_locked_at` integer,
	`received_at_hub_at` integer,
	`cash_collected_tiyn` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`completed_at` integer,
	FOREIGN KEY (`checkout_id`) REFERENCES `checkouts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`buyer_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`seller_id`) REFERENCES `sellers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`seller_village_id`) REFERENCES `villages`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`pickup_point_id`) REFERENCES `pickup_points`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "orders_total_positive" CHECK("orders"."total_tiyn" > 0),
	CONSTRAINT "orders_rates" CHECK("orders"."platform_rate_bp" BETWEEN 0 AND 5000 AND "orders"."coop_rate_bp" BETWEEN 0 AND 5000)
);
--> statement-breakpoint
CREATE INDEX `orders_buyer` ON `orders` (`buyer_user_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `orders_seller` ON `orders` (`seller_id`,`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `orders_checkout` ON `orders` (`checkout_id`);--> statement-breakpoint
CREATE INDEX `orders_seller_village` ON `orders` (`seller_village_id`,`status`);--> statement-breakpoint
CREATE INDEX `orders_pickup_point` ON `orders` (`pickup_point_id`,`status`);--> statement-breakpoint
CREATE INDEX `orders_deadline` ON `orders` (`deadline_at`);--> statement-breakpoint
CREATE TABLE `ledger_accounts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`code` text NOT NULL,
	`kind` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `ledger_accounts_code_unique` ON `ledger_accounts` (`code`);--> statement-breakpoint
CREATE TABLE `ledger_operations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`idempotency_key` text NOT NULL,
	`kind` text NOT NULL,
	`request_hash` text NOT NULL,
	`order_id` integer,
	`actor_user_id` integer,
	`result` text DEFAULT '{}' NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`actor_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `ledger_operations_idempotency_key_unique` ON `ledger_operations` (`idempotency_key`);--> statement-breakpoint
CREATE TABLE `ledger_transfers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`operation_id` integer NOT NULL,
	`debit_account_id` integer NOT NULL,
	`credit_account_id` integer NOT NULL,
	`amount_tiyn` integer NOT NULL,
	`reason` text NOT NULL,
	`order_id` integer,
	`at` integer NOT NULL,
	FOREIGN KEY (`operation_id`) REFERENCES `ledger_operations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`debit_account_id`) REFERENCES `ledger_accounts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`credit_account_id`) REFERENCES `ledger_accounts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "ledger_transfers_amount_positive" CHECK("ledger_transfers"."amount_tiyn" > 0),
	CONSTRAINT "ledger_transfers_two_accounts" CHECK("ledger_transfers"."debit_account_id" <> "ledger_transfers"."credit_account_id")
);
--> statement-breakpoint
CREATE INDEX `ledger_transfers_debit` ON `ledger_transfers` (`debit_account_id`);--> statement-breakpoint
CREATE INDEX `ledger_transfers_credit` ON `ledger_transfers` (`credit_account_id`);--> statement-breakpoint
CREATE INDEX `ledger_transfers_order` ON `ledger_transfers` (`order_id`);--> statement-breakpoint
CREATE INDEX `ledger_transfers_operation` ON `ledger_transfers` (`operation_id`);--> statement-breakpoint
CREATE TABLE `payment_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`provider` text NOT NULL,
	`provider_event_id` text NOT NULL,
	`payment_id` integer,
	`type` text NOT NULL,
	`received_at` integer NOT NULL,
	`occurred_at` integer NOT NULL,
	FOREIGN KEY (`payment_id`) REFERENCES `payments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `payment_events_provider_event` ON `payment_events` (`provider`,`provider_event_id`);--> statement-breakpoint
CREATE TABLE `payments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`checkout_id` integer NOT NULL,
	`provider` text NOT NULL,
	`provider_ref` text NOT NULL,
	`amount_tiyn` integer NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`checkout_id`) REFERENCES `checkouts`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "payments_amount_positive" CHECK("payments"."amount_tiyn" > 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `payments_checkout_id_unique` ON `payments` (`checkout_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `payments_provider_ref_unique` ON `payments` (`provider_ref`);--> statement-breakpoint
CREATE TABLE `payout_batches` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`created_by` integer,
	`created_at` integer NOT NULL,
	`total_tiyn` integer NOT NULL,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `payout_lines` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`batch_id` integer NOT NULL,
	`seller_id` integer NOT NULL,
	`amount_tiyn` integer NOT NULL,
	`operation_id` integer NOT NULL,
	FOREIGN KEY (`batch_id`) REFERENCES `payout_batches`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`seller_id`) REFERENCES `sellers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`operation_id`) REFERENCES `ledger_operations`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "payout_lines_amount_positive" CHECK("payout_lines"."amount_tiyn" > 0)
);
--> statement-breakpoint
CREATE INDEX `payout_lines_seller` ON `payout_lines` (`seller_id`);--> statement-breakpoint
-- Money and order history are append-only (MONEY-02): corrections are new rows.
CREATE TRIGGER ledger_transfers_no_update BEFORE UPDATE ON ledger_transfers
BEGIN
  SELECT RAISE(ABORT, 'ledger_transfers is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER ledger_transfers_no_delete BEFORE DELETE ON ledger_transfers
BEGIN
  SELECT RAISE(ABORT, 'ledger_transfers is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER ledger_operations_no_update BEFORE UPDATE ON ledger_operations
BEGIN
  SELECT RAISE(ABORT, 'ledger_operations is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER ledger_operations_no_delete BEFORE DELETE ON ledger_operations
BEGIN
  SELECT RAISE(ABORT, 'ledger_operations is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER order_events_no_update BEFORE UPDATE ON order_events
BEGIN
  SELECT RAISE(ABORT, 'order_events is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER order_events_no_delete BEFORE DELETE ON order_events
BEGIN
  SELECT RAISE(ABORT, 'order_events is append-only');
END;
