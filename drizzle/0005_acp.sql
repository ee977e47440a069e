CREATE TABLE `acp_answers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`chat_id` text NOT NULL,
	`item` text NOT NULL,
	`version` integer NOT NULL,
	`value_sealed` text,
	`text_sealed` text,
	`writer` text,
	`changed` text DEFAULT '' NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `acp_answers_version_idx` ON `acp_answers` (`chat_id`,`item`,`version`);--> statement-breakpoint
CREATE TABLE `acp_ending` (
	`chat_id` text NOT NULL,
	`item` text NOT NULL,
	`status` text NOT NULL,
	`place_sealed` text,
	`at` integer NOT NULL,
	PRIMARY KEY(`chat_id`, `item`)
);
--> statement-breakpoint
CREATE TABLE `acp_links` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`chat_id` text NOT NULL,
	`token_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`revoked_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `acp_links_token_idx` ON `acp_links` (`token_hash`);--> statement-breakpoint
CREATE INDEX `acp_links_chat_idx` ON `acp_links` (`chat_id`);--> statement-breakpoint
CREATE TABLE `acp_notes` (
	`chat_id` text PRIMARY KEY NOT NULL,
	`writer` text,
	`paused_step` text,
	`paused_trail` text,
	`completed_at` integer,
	`reminder` text DEFAULT 'none' NOT NULL,
	`birth_month` integer,
	`birth_day` integer,
	`remind_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `acp_notes_remind_idx` ON `acp_notes` (`remind_at`);--> statement-breakpoint
CREATE TABLE `acp_shares` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`chat_id` text NOT NULL,
	`code_hash` text NOT NULL,
	`code_expires_at` integer NOT NULL,
	`invitee_id` text,
	`invitee_name_sealed` text,
	`created_at` integer NOT NULL,
	`accepted_at` integer,
	`revoked_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `acp_shares_code_idx` ON `acp_shares` (`code_hash`);--> statement-breakpoint
CREATE INDEX `acp_shares_chat_idx` ON `acp_shares` (`chat_id`);--> statement-breakpoint
CREATE INDEX `acp_shares_invitee_idx` ON `acp_shares` (`invitee_id`);