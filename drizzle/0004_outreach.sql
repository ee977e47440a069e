CREATE TABLE `announcement_optins` (
	`chat_id` text NOT NULL,
	`segment` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`chat_id`, `segment`)
);
--> statement-breakpoint
CREATE TABLE `announcements` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`title` text NOT NULL,
	`body` text NOT NULL,
	`segments` text NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`recipients` integer,
	`created_by` integer,
	`created_at` integer NOT NULL,
	`sent_at` integer
);
--> statement-breakpoint
CREATE TABLE `lecture_requests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`ref` text NOT NULL,
	`chat_id` text NOT NULL,
	`status` text DEFAULT 'received' NOT NULL,
	`topic` text NOT NULL,
	`details_sealed` text NOT NULL,
	`preferred_dates` text NOT NULL,
	`expected_participants` integer,
	`scheduled_at` integer,
	`actual_participants` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`source_event_id` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `lecture_requests_ref_idx` ON `lecture_requests` (`ref`);--> statement-breakpoint
CREATE UNIQUE INDEX `lecture_requests_event_idx` ON `lecture_requests` (`source_event_id`);--> statement-breakpoint
CREATE INDEX `lecture_requests_status_idx` ON `lecture_requests` (`status`);--> statement-breakpoint
CREATE TABLE `outreach_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`audience` text NOT NULL,
	`title` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`place` text NOT NULL,
	`starts_at` integer NOT NULL,
	`capacity` integer NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`actual_participants` integer,
	`created_by` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `outreach_events_starts_idx` ON `outreach_events` (`starts_at`);--> statement-breakpoint
CREATE TABLE `registrations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`event_id` integer NOT NULL,
	`chat_id` text NOT NULL,
	`status` text NOT NULL,
	`attended` integer,
	`remind` integer DEFAULT true NOT NULL,
	`reminded_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `registrations_event_chat_idx` ON `registrations` (`event_id`,`chat_id`);--> statement-breakpoint
CREATE INDEX `registrations_event_idx` ON `registrations` (`event_id`,`status`,`created_at`);