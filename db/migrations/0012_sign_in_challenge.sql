ALTER TABLE `sign_in_codes` ADD `challenge_id` text;--> statement-breakpoint
CREATE UNIQUE INDEX `sign_in_codes_challenge` ON `sign_in_codes` (`challenge_id`);