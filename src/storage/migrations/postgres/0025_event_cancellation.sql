-- An event's cancellation (已取消) keeps the organizer's reason, shown to the
-- invitees in their notification, on the event and in 我的活动.
ALTER TABLE events ADD COLUMN cancel_reason TEXT NOT NULL DEFAULT '';
