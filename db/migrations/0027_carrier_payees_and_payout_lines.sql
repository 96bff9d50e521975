-- payout_lines is rebuilt so a line may pay a lane's payee instead of a shop (seller_id nullable, lane_id added,
-- exactly one set). Hand edits: the copy selects NULL for lane_id (the old table has none); the checks name bare columns.
CREATE TABLE `lane_payees` (
	`lane_id` integer PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`holder_name` text NOT NULL,
	`holder_tax_id` text NOT NULL,
	`iban` text NOT NULL,
	`recorded_by` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`lane_id`) REFERENCES `lanes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "lane_payees_kind" CHECK("lane_payees"."kind" IN ('carrier', 'cooperative'))
);
--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_payout_lines` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`batch_id` integer NOT NULL,
	`seller_id` integer,
	`lane_id` integer,
	`amount_tiyn` integer NOT NULL,
	`operation_id` integer NOT NULL,
	`status` text DEFAULT 'prepared' NOT NULL,
	`iban` text,
	`bic` text,
	`holder_name` text,
	`holder_tax_id` text,
	`failure_reason` text,
	`settled_at` integer,
	FOREIGN KEY (`batch_id`) REFERENCES `payout_batches`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`seller_id`) REFERENCES `sellers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`lane_id`) REFERENCES `lanes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`operation_id`) REFERENCES `ledger_operations`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "payout_lines_amount_positive" CHECK("amount_tiyn" > 0),
	CONSTRAINT "payout_lines_one_payee" CHECK(("seller_id" IS NULL) <> ("lane_id" IS NULL))
);
--> statement-breakpoint
INSERT INTO `__new_payout_lines`("id", "batch_id", "seller_id", "lane_id", "amount_tiyn", "operation_id", "status", "iban", "bic", "holder_name", "holder_tax_id", "failure_reason", "settled_at") SELECT "id", "batch_id", "seller_id", NULL, "amount_tiyn", "operation_id", "status", "iban", "bic", "holder_name", "holder_tax_id", "failure_reason", "settled_at" FROM `payout_lines`;--> statement-breakpoint
DROP TABLE `payout_lines`;--> statement-breakpoint
ALTER TABLE `__new_payout_lines` RENAME TO `payout_lines`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `payout_lines_seller` ON `payout_lines` (`seller_id`);--> statement-breakpoint
CREATE INDEX `payout_lines_lane` ON `payout_lines` (`lane_id`);