CREATE TABLE `payout_destinations` (
	`seller_id` integer PRIMARY KEY NOT NULL,
	`iban` text NOT NULL,
	`holder_name` text NOT NULL,
	`holder_tax_id` text NOT NULL,
	`recorded_by` integer NOT NULL,
	`consent_recorded` integer DEFAULT false NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`seller_id`) REFERENCES `sellers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `reconciliation_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`run_id` integer NOT NULL,
	`result` text NOT NULL,
	`reference` text NOT NULL,
	`ours_tiyn` integer,
	`theirs_tiyn` integer,
	FOREIGN KEY (`run_id`) REFERENCES `reconciliation_runs`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "reconciliation_items_result" CHECK("reconciliation_items"."result" IN ('matched', 'missing_ours', 'missing_theirs', 'amount_differs'))
);
--> statement-breakpoint
CREATE INDEX `reconciliation_items_run` ON `reconciliation_items` (`run_id`);--> statement-breakpoint
CREATE TABLE `reconciliation_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`source` text NOT NULL,
	`label` text NOT NULL,
	`created_by` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `payment_events` ADD `reference` text;--> statement-breakpoint
ALTER TABLE `payment_events` ADD `amount_tiyn` integer;--> statement-breakpoint
ALTER TABLE `payment_events` ADD `outcome` text;--> statement-breakpoint
ALTER TABLE `payments` ADD `provider_transaction_id` text;--> statement-breakpoint
ALTER TABLE `payout_batches` ADD `status` text DEFAULT 'prepared' NOT NULL;--> statement-breakpoint
ALTER TABLE `payout_batches` ADD `exported_at` integer;--> statement-breakpoint
ALTER TABLE `payout_lines` ADD `status` text DEFAULT 'prepared' NOT NULL;--> statement-breakpoint
ALTER TABLE `payout_lines` ADD `iban` text;--> statement-breakpoint
ALTER TABLE `payout_lines` ADD `bic` text;--> statement-breakpoint
ALTER TABLE `payout_lines` ADD `holder_name` text;--> statement-breakpoint
ALTER TABLE `payout_lines` ADD `holder_tax_id` text;--> statement-breakpoint
ALTER TABLE `payout_lines` ADD `failure_reason` text;--> statement-breakpoint
ALTER TABLE `payout_lines` ADD `settled_at` integer;--> statement-breakpoint
-- Batches made before this migration were booked as paid out when they were made (seller_payable → psp_clearing):
-- they are confirmed in the ledger already, so they are confirmed here too and never exported again.
UPDATE `payout_batches` SET `status` = 'confirmed';--> statement-breakpoint
UPDATE `payout_lines` SET `status` = 'confirmed';
