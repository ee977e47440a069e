CREATE TABLE `directory_checks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`place_id` text NOT NULL,
	`staff_id` integer NOT NULL,
	`checked_at` integer NOT NULL,
	`note` text
);
--> statement-breakpoint
CREATE INDEX `directory_checks_place_idx` ON `directory_checks` (`place_id`,`checked_at`);--> statement-breakpoint
CREATE TABLE `directory_places` (
	`id` text PRIMARY KEY NOT NULL,
	`source` text NOT NULL,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`address` text NOT NULL,
	`area` text,
	`phone` text,
	`lat` real,
	`lng` real,
	`hours` text,
	`features` text DEFAULT '[]' NOT NULL,
	`source_line` integer
);
--> statement-breakpoint
CREATE INDEX `directory_places_kind_idx` ON `directory_places` (`kind`,`area`);--> statement-breakpoint
CREATE INDEX `directory_places_source_idx` ON `directory_places` (`source`);--> statement-breakpoint
CREATE TABLE `directory_sources` (
	`source` text PRIMARY KEY NOT NULL,
	`file` text NOT NULL,
	`data_date` text NOT NULL,
	`imported_at` integer NOT NULL,
	`rows` integer NOT NULL
);
