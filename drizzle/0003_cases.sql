CREATE TABLE `canned_replies` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`title` text NOT NULL,
	`body` text NOT NULL,
	`created_by` integer,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `case_messages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` text NOT NULL,
	`chat_id` text NOT NULL,
	`direction` text NOT NULL,
	`text_sealed` text NOT NULL,
	`staff_id` integer,
	`outbox_id` integer,
	`source_event_id` text,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `case_messages_case_idx` ON `case_messages` (`case_id`,`at`);--> statement-breakpoint
CREATE UNIQUE INDEX `case_messages_event_idx` ON `case_messages` (`source_event_id`);--> statement-breakpoint
CREATE TABLE `case_notes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` text NOT NULL,
	`chat_id` text NOT NULL,
	`staff_id` integer NOT NULL,
	`text_sealed` text NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `case_notes_case_idx` ON `case_notes` (`case_id`,`at`);--> statement-breakpoint
CREATE TABLE `cases` (
	`id` text PRIMARY KEY NOT NULL,
	`chat_id` text NOT NULL,
	`kind` text NOT NULL,
	`status` text NOT NULL,
	`priority` text DEFAULT 'normal' NOT NULL,
	`category` text,
	`scene` text,
	`writer` text,
	`summary_sealed` text NOT NULL,
	`assignee_id` integer,
	`after_hours` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`first_response_at` integer,
	`closed_at` integer,
	`closed_by` text,
	`reopened_at` integer,
	`mark_read_token` text,
	`source_event_id` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `cases_status_idx` ON `cases` (`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `cases_chat_idx` ON `cases` (`chat_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `cases_source_event_idx` ON `cases` (`source_event_id`);--> statement-breakpoint
CREATE TABLE `invite_codes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`code_hash` text NOT NULL,
	`label` text NOT NULL,
	`created_by` integer,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`used_by` text,
	`used_at` integer,
	`revoked_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `invite_codes_hash_idx` ON `invite_codes` (`code_hash`);--> statement-breakpoint
CREATE TABLE `professionals` (
	`user_id` text PRIMARY KEY NOT NULL,
	`profession` text NOT NULL,
	`organization_sealed` text NOT NULL,
	`invite_id` integer,
	`verified_at` integer NOT NULL
);
