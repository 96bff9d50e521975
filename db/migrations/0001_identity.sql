CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`action` text NOT NULL,
	`actor_user_id` integer,
	`subject_user_id` integer,
	`ip` text,
	`details` text DEFAULT '{}' NOT NULL,
	FOREIGN KEY (`actor_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`subject_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `audit_log_at` ON `audit_log` (`at`);--> statement-breakpoint
CREATE INDEX `audit_log_subject` ON `audit_log` (`subject_user_id`);--> statement-breakpoint
CREATE TABLE `role_grants` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`role` text NOT NULL,
	`village_id` integer,
	`region_id` integer,
	`pickup_point_id` integer,
	`granted_by` integer,
	`granted_at` integer NOT NULL,
	`revoked_by` integer,
	`revoked_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`village_id`) REFERENCES `villages`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`region_id`) REFERENCES `regions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`granted_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`revoked_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "role_grants_scope" CHECK(("role_grants"."role" IN ('seller', 'coordinator') AND "role_grants"."village_id" IS NOT NULL AND "role_grants"."region_id" IS NULL AND "role_grants"."pickup_point_id" IS NULL)
        OR ("role_grants"."role" = 'operator' AND "role_grants"."pickup_point_id" IS NOT NULL AND "role_grants"."village_id" IS NULL AND "role_grants"."region_id" IS NULL)
        OR ("role_grants"."role" = 'analyst' AND "role_grants"."village_id" IS NULL AND "role_grants"."pickup_point_id" IS NULL)
        OR ("role_grants"."role" = 'admin' AND "role_grants"."village_id" IS NULL AND "role_grants"."region_id" IS NULL AND "role_grants"."pickup_point_id" IS NULL))
);
--> statement-breakpoint
CREATE INDEX `role_grants_user` ON `role_grants` (`user_id`);--> statement-breakpoint
CREATE INDEX `role_grants_village` ON `role_grants` (`village_id`,`role`);--> statement-breakpoint
CREATE TABLE `seller_applications` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`village_id` integer NOT NULL,
	`name` text,
	`craft` text,
	`tax_id_kind` text,
	`tax_id` text,
	`status` text DEFAULT 'pending' NOT NULL,
	`created_at` integer NOT NULL,
	`decided_by` integer,
	`decided_at` integer,
	`reason` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`village_id`) REFERENCES `villages`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `seller_applications_village` ON `seller_applications` (`village_id`,`status`);--> statement-breakpoint
CREATE INDEX `seller_applications_user` ON `seller_applications` (`user_id`);--> statement-breakpoint
CREATE TABLE `sellers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`village_id` integer NOT NULL,
	`application_id` integer NOT NULL,
	`name` text,
	`approved_at` integer NOT NULL,
	`verified_at` integer,
	`verified_by` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`village_id`) REFERENCES `villages`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`application_id`) REFERENCES `seller_applications`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`verified_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sellers_user_village` ON `sellers` (`user_id`,`village_id`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`rotation_due` integer DEFAULT false NOT NULL,
	`replaced_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `sessions_user` ON `sessions` (`user_id`);--> statement-breakpoint
CREATE TABLE `sign_in_codes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`phone` text NOT NULL,
	`code_hash` text NOT NULL,
	`ip` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`used_at` integer
);
--> statement-breakpoint
CREATE INDEX `sign_in_codes_phone` ON `sign_in_codes` (`phone`,`created_at`);--> statement-breakpoint
CREATE INDEX `sign_in_codes_ip` ON `sign_in_codes` (`ip`,`created_at`);--> statement-breakpoint
CREATE INDEX `sign_in_codes_created` ON `sign_in_codes` (`created_at`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`phone` text,
	`display_name` text,
	`preferred_language` text DEFAULT 'kk' NOT NULL,
	`created_at` integer NOT NULL,
	`disabled_at` integer,
	`deleted_at` integer,
	CONSTRAINT "users_phone_e164" CHECK("users"."phone" IS NULL OR "users"."phone" GLOB '+77[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]')
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_phone_unique` ON `users` (`phone`);--> statement-breakpoint
CREATE TABLE `dev_sms_inbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`idempotency_key` text NOT NULL,
	`recipient` text NOT NULL,
	`body` text NOT NULL,
	`delivered_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `dev_sms_inbox_idempotency_key_unique` ON `dev_sms_inbox` (`idempotency_key`);--> statement-breakpoint
CREATE INDEX `dev_sms_inbox_recipient` ON `dev_sms_inbox` (`recipient`);--> statement-breakpoint
CREATE TABLE `outbox_messages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`idempotency_key` text NOT NULL,
	`channel` text DEFAULT 'sms' NOT NULL,
	`kind` text NOT NULL,
	`user_id` integer,
	`recipient` text,
	`language` text NOT NULL,
	`body` text,
	`sensitive` integer DEFAULT false NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`sent_at` integer,
	`last_error` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_messages_idempotency_key_unique` ON `outbox_messages` (`idempotency_key`);--> statement-breakpoint
CREATE INDEX `outbox_messages_status` ON `outbox_messages` (`status`,`id`);