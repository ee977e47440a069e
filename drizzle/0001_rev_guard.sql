-- Optimistic concurrency for conversation state: an update must move rev from n to n + 1.
-- A writer that read an older rev therefore fails (and its whole batch rolls back) instead
-- of silently overwriting a newer state.
CREATE TRIGGER IF NOT EXISTS conversations_rev_guard
BEFORE UPDATE OF rev ON conversations
WHEN NEW.rev <> OLD.rev + 1
BEGIN
  SELECT RAISE(ABORT, 'renkei:rev-conflict');
END;
