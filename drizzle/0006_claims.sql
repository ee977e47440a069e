ALTER TABLE `inbox` ADD `claim_owner` text;--> statement-breakpoint
ALTER TABLE `inbox` ADD `claim_until` integer;--> statement-breakpoint
CREATE INDEX `inbox_chat_idx` ON `inbox` (`chat_id`,`status`,`event_timestamp`);--> statement-breakpoint
ALTER TABLE `outbox` ADD `claim_owner` text;--> statement-breakpoint
ALTER TABLE `outbox` ADD `claim_until` integer;--> statement-breakpoint
ALTER TABLE `outbox` ADD `claims` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `outbox_chat_idx` ON `outbox` (`chat_id`,`status`,`id`);--> statement-breakpoint
-- Handling is a claim: the commit of an event's effects starts by inserting (event id, owner)
-- into this view, and the trigger aborts the whole batch unless the event is still pending
-- and claimed by that owner. So only whoever holds the claim can mark it done, and an event
-- already done (by another request, process or isolate) is never applied twice.
CREATE VIEW IF NOT EXISTS `inbox_claim_check` AS SELECT `event_id`, `claim_owner` FROM `inbox` WHERE 0;
--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS inbox_claim_guard
INSTEAD OF INSERT ON inbox_claim_check
WHEN NOT EXISTS (SELECT 1 FROM inbox WHERE event_id = NEW.event_id AND status = 'pending' AND claim_owner = NEW.claim_owner)
BEGIN
  SELECT RAISE(ABORT, 'renkei:claim-lost');
END;
