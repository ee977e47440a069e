CREATE TABLE `conversations` (
	`chat_id` text PRIMARY KEY NOT NULL,
	`rev` integer DEFAULT 0 NOT NULL,
	`state_sealed` text,
	`flow_version` text,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `inbox` (
	`event_id` text PRIMARY KEY NOT NULL,
	`chat_id` text NOT NULL,
	`received_at` integer NOT NULL,
	`event_timestamp` integer NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`payload_sealed` text,
	`processed_at` integer
);
--> statement-breakpoint
CREATE INDEX `inbox_status_idx` ON `inbox` (`status`,`received_at`);--> statement-breakpoint
CREATE TABLE `metrics` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`at` integer NOT NULL,
	`detail` text
);
--> statement-breakpoint
CREATE INDEX `metrics_name_at_idx` ON `metrics` (`name`,`at`);--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`chat_id` text NOT NULL,
	`source_event_id` text,
	`reply_token` text,
	`reply_token_at` integer,
	`retry_key` text NOT NULL,
	`payload_sealed` text,
	`status` text DEFAULT 'pending' NOT NULL,
	`via` text,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`last_error` text,
	`created_at` integer NOT NULL,
	`sent_at` integer
);
--> statement-breakpoint
CREATE INDEX `outbox_due_idx` ON `outbox` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_retry_key_idx` ON `outbox` (`retry_key`);--> statement-breakpoint
CREATE TABLE `unanswered` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`question_sealed` text NOT NULL,
	`candidates` text NOT NULL,
	`locale` text NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `unanswered_at_idx` ON `unanswered` (`at`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` text PRIMARY KEY NOT NULL,
	`role` text DEFAULT 'resident' NOT NULL,
	`locale` text DEFAULT 'ja' NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
