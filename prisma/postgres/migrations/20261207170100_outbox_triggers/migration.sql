-- PostgreSQL twin of prisma/sqlite/migrations/20261207170100_outbox_triggers, written by hand (plpgsql trigger functions).
-- The outbox (issue 29): every change a webhook may report writes its event rows in the same statement, by a
-- trigger, and only while an active endpoint wants that event; one trigger per table and operation, so the
-- events of one change are written (and numbered by seq) in the order listed.

CREATE SEQUENCE "OutboxEvent_seq_seq";

CREATE FUNCTION "outbox_ServiceRequest_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM "Webhook" w WHERE w."active" AND (w."events" LIKE '%"*"%' OR w."events" LIKE '%"request.created"%')) THEN
    INSERT INTO "OutboxEvent" ("id", "seq", "type", "orderKey", "data", "createdAt")
    VALUES (replace(gen_random_uuid()::text, '-', ''), nextval('"OutboxEvent_seq_seq"'), 'request.created', NEW."id", json_build_object('id', NEW."id", 'customerId', NEW."customerId", 'agentId', NEW."agentId", 'boundAgentId', NEW."boundAgentId", 'bindingId', NEW."bindingId", 'status', NEW."status", 'offeredAt', NEW."offeredAt", 'holdReason', NEW."holdReason", 'waitForBound', NEW."waitForBound", 'hops', NEW."hops", 'locale', NEW."locale", 'createdAt', NEW."createdAt", 'deliveredAt', NEW."deliveredAt", 'acknowledgedAt', NEW."acknowledgedAt", 'resolvedAt', NEW."resolvedAt")::text, (clock_timestamp() AT TIME ZONE 'UTC')::timestamp(3));
  END IF;
  IF EXISTS (SELECT 1 FROM "Webhook" w WHERE w."active" AND (w."events" LIKE '%"*"%' OR w."events" LIKE '%"request.routed"%')) THEN
    INSERT INTO "OutboxEvent" ("id", "seq", "type", "orderKey", "data", "createdAt")
    VALUES (replace(gen_random_uuid()::text, '-', ''), nextval('"OutboxEvent_seq_seq"'), 'request.routed', NEW."id", json_build_object('id', NEW."id", 'customerId', NEW."customerId", 'agentId', NEW."agentId", 'boundAgentId', NEW."boundAgentId", 'bindingId', NEW."bindingId", 'status', NEW."status", 'offeredAt', NEW."offeredAt", 'holdReason', NEW."holdReason", 'waitForBound', NEW."waitForBound", 'hops', NEW."hops", 'locale', NEW."locale", 'createdAt', NEW."createdAt", 'deliveredAt', NEW."deliveredAt", 'acknowledgedAt', NEW."acknowledgedAt", 'resolvedAt', NEW."resolvedAt")::text, (clock_timestamp() AT TIME ZONE 'UTC')::timestamp(3));
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER "outbox_ServiceRequest_insert" AFTER INSERT ON "ServiceRequest" FOR EACH ROW EXECUTE FUNCTION "outbox_ServiceRequest_insert"();

CREATE FUNCTION "outbox_ServiceRequest_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD."status" <> 'acknowledged' AND NEW."status" = 'acknowledged' AND EXISTS (SELECT 1 FROM "Webhook" w WHERE w."active" AND (w."events" LIKE '%"*"%' OR w."events" LIKE '%"request.acknowledged"%')) THEN
    INSERT INTO "OutboxEvent" ("id", "seq", "type", "orderKey", "data", "createdAt")
    VALUES (replace(gen_random_uuid()::text, '-', ''), nextval('"OutboxEvent_seq_seq"'), 'request.acknowledged', NEW."id", json_build_object('id', NEW."id", 'customerId', NEW."customerId", 'agentId', NEW."agentId", 'boundAgentId', NEW."boundAgentId", 'bindingId', NEW."bindingId", 'status', NEW."status", 'offeredAt', NEW."offeredAt", 'holdReason', NEW."holdReason", 'waitForBound', NEW."waitForBound", 'hops', NEW."hops", 'locale', NEW."locale", 'createdAt', NEW."createdAt", 'deliveredAt', NEW."deliveredAt", 'acknowledgedAt', NEW."acknowledgedAt", 'resolvedAt', NEW."resolvedAt")::text, (clock_timestamp() AT TIME ZONE 'UTC')::timestamp(3));
  END IF;
  IF OLD."status" <> 'resolved' AND NEW."status" = 'resolved' AND EXISTS (SELECT 1 FROM "Webhook" w WHERE w."active" AND (w."events" LIKE '%"*"%' OR w."events" LIKE '%"request.resolved"%')) THEN
    INSERT INTO "OutboxEvent" ("id", "seq", "type", "orderKey", "data", "createdAt")
    VALUES (replace(gen_random_uuid()::text, '-', ''), nextval('"OutboxEvent_seq_seq"'), 'request.resolved', NEW."id", json_build_object('id', NEW."id", 'customerId', NEW."customerId", 'agentId', NEW."agentId", 'boundAgentId', NEW."boundAgentId", 'bindingId', NEW."bindingId", 'status', NEW."status", 'offeredAt', NEW."offeredAt", 'holdReason', NEW."holdReason", 'waitForBound', NEW."waitForBound", 'hops', NEW."hops", 'locale', NEW."locale", 'createdAt', NEW."createdAt", 'deliveredAt', NEW."deliveredAt", 'acknowledgedAt', NEW."acknowledgedAt", 'resolvedAt', NEW."resolvedAt")::text, (clock_timestamp() AT TIME ZONE 'UTC')::timestamp(3));
  END IF;
  IF (OLD."agentId" IS DISTINCT FROM NEW."agentId" OR (OLD."offeredAt" IS NULL) <> (NEW."offeredAt" IS NULL) OR OLD."holdReason" IS DISTINCT FROM NEW."holdReason") AND EXISTS (SELECT 1 FROM "Webhook" w WHERE w."active" AND (w."events" LIKE '%"*"%' OR w."events" LIKE '%"request.routed"%')) THEN
    INSERT INTO "OutboxEvent" ("id", "seq", "type", "orderKey", "data", "createdAt")
    VALUES (replace(gen_random_uuid()::text, '-', ''), nextval('"OutboxEvent_seq_seq"'), 'request.routed', NEW."id", json_build_object('id', NEW."id", 'customerId', NEW."customerId", 'agentId', NEW."agentId", 'boundAgentId', NEW."boundAgentId", 'bindingId', NEW."bindingId", 'status', NEW."status", 'offeredAt', NEW."offeredAt", 'holdReason', NEW."holdReason", 'waitForBound', NEW."waitForBound", 'hops', NEW."hops", 'locale', NEW."locale", 'createdAt', NEW."createdAt", 'deliveredAt', NEW."deliveredAt", 'acknowledgedAt', NEW."acknowledgedAt", 'resolvedAt', NEW."resolvedAt")::text, (clock_timestamp() AT TIME ZONE 'UTC')::timestamp(3));
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER "outbox_ServiceRequest_update" AFTER UPDATE ON "ServiceRequest" FOR EACH ROW WHEN ((OLD."status" <> 'acknowledged' AND NEW."status" = 'acknowledged') OR (OLD."status" <> 'resolved' AND NEW."status" = 'resolved') OR ((OLD."agentId" IS DISTINCT FROM NEW."agentId" OR (OLD."offeredAt" IS NULL) <> (NEW."offeredAt" IS NULL) OR OLD."holdReason" IS DISTINCT FROM NEW."holdReason"))) EXECUTE FUNCTION "outbox_ServiceRequest_update"();

CREATE FUNCTION "outbox_RequestMessage_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM "Webhook" w WHERE w."active" AND (w."events" LIKE '%"*"%' OR w."events" LIKE '%"message.created"%')) THEN
    INSERT INTO "OutboxEvent" ("id", "seq", "type", "orderKey", "data", "createdAt")
    VALUES (replace(gen_random_uuid()::text, '-', ''), nextval('"OutboxEvent_seq_seq"'), 'message.created', NEW."requestId", json_build_object('id', NEW."id", 'requestId', NEW."requestId", 'author', NEW."author", 'agentId', NEW."agentId", 'createdAt', NEW."createdAt")::text, (clock_timestamp() AT TIME ZONE 'UTC')::timestamp(3));
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER "outbox_RequestMessage_insert" AFTER INSERT ON "RequestMessage" FOR EACH ROW EXECUTE FUNCTION "outbox_RequestMessage_insert"();

CREATE FUNCTION "outbox_Rating_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM "Webhook" w WHERE w."active" AND (w."events" LIKE '%"*"%' OR w."events" LIKE '%"rating.created"%')) THEN
    INSERT INTO "OutboxEvent" ("id", "seq", "type", "orderKey", "data", "createdAt")
    VALUES (replace(gen_random_uuid()::text, '-', ''), nextval('"OutboxEvent_seq_seq"'), 'rating.created', NEW."requestId", json_build_object('id', NEW."id", 'requestId', NEW."requestId", 'customerId', NEW."customerId", 'agentId', NEW."agentId", 'stars', NEW."stars", 'createdAt', NEW."createdAt")::text, (clock_timestamp() AT TIME ZONE 'UTC')::timestamp(3));
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER "outbox_Rating_insert" AFTER INSERT ON "Rating" FOR EACH ROW EXECUTE FUNCTION "outbox_Rating_insert"();

CREATE FUNCTION "outbox_GiftSent_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM "Webhook" w WHERE w."active" AND (w."events" LIKE '%"*"%' OR w."events" LIKE '%"gift.created"%')) THEN
    INSERT INTO "OutboxEvent" ("id", "seq", "type", "orderKey", "data", "createdAt")
    VALUES (replace(gen_random_uuid()::text, '-', ''), nextval('"OutboxEvent_seq_seq"'), 'gift.created', NEW."id", json_build_object('id', NEW."id", 'customerId', NEW."customerId", 'agentId', NEW."agentId", 'giftId', NEW."giftId", 'points', NEW."points", 'createdAt', NEW."createdAt")::text, (clock_timestamp() AT TIME ZONE 'UTC')::timestamp(3));
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER "outbox_GiftSent_insert" AFTER INSERT ON "GiftSent" FOR EACH ROW EXECUTE FUNCTION "outbox_GiftSent_insert"();

CREATE FUNCTION "outbox_Binding_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM "Webhook" w WHERE w."active" AND (w."events" LIKE '%"*"%' OR w."events" LIKE '%"binding.created"%')) THEN
    INSERT INTO "OutboxEvent" ("id", "seq", "type", "orderKey", "data", "createdAt")
    VALUES (replace(gen_random_uuid()::text, '-', ''), nextval('"OutboxEvent_seq_seq"'), 'binding.created', NEW."customerId", json_build_object('id', NEW."id", 'customerId', NEW."customerId", 'agentId', NEW."agentId", 'createdAt', NEW."createdAt", 'endedAt', NEW."endedAt", 'endReason', NEW."endReason", 'state', NEW."state")::text, (clock_timestamp() AT TIME ZONE 'UTC')::timestamp(3));
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER "outbox_Binding_insert" AFTER INSERT ON "Binding" FOR EACH ROW EXECUTE FUNCTION "outbox_Binding_insert"();

CREATE FUNCTION "outbox_Binding_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD."endedAt" IS NULL AND NEW."endedAt" IS NOT NULL AND EXISTS (SELECT 1 FROM "Webhook" w WHERE w."active" AND (w."events" LIKE '%"*"%' OR w."events" LIKE '%"binding.ended"%')) THEN
    INSERT INTO "OutboxEvent" ("id", "seq", "type", "orderKey", "data", "createdAt")
    VALUES (replace(gen_random_uuid()::text, '-', ''), nextval('"OutboxEvent_seq_seq"'), 'binding.ended', NEW."customerId", json_build_object('id', NEW."id", 'customerId', NEW."customerId", 'agentId', NEW."agentId", 'createdAt', NEW."createdAt", 'endedAt', NEW."endedAt", 'endReason', NEW."endReason", 'state', NEW."state")::text, (clock_timestamp() AT TIME ZONE 'UTC')::timestamp(3));
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER "outbox_Binding_update" AFTER UPDATE ON "Binding" FOR EACH ROW WHEN ((OLD."endedAt" IS NULL AND NEW."endedAt" IS NOT NULL)) EXECUTE FUNCTION "outbox_Binding_update"();

CREATE FUNCTION "outbox_Callback_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM "Webhook" w WHERE w."active" AND (w."events" LIKE '%"*"%' OR w."events" LIKE '%"callback.booked"%')) THEN
    INSERT INTO "OutboxEvent" ("id", "seq", "type", "orderKey", "data", "createdAt")
    VALUES (replace(gen_random_uuid()::text, '-', ''), nextval('"OutboxEvent_seq_seq"'), 'callback.booked', NEW."id", json_build_object('id', NEW."id", 'customerId', NEW."customerId", 'agentId', NEW."agentId", 'at', NEW."at", 'status', NEW."status", 'changedBy', NEW."changedBy", 'awayToldAt', NEW."awayToldAt", 'coverAgentId', NEW."coverAgentId")::text, (clock_timestamp() AT TIME ZONE 'UTC')::timestamp(3));
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER "outbox_Callback_insert" AFTER INSERT ON "Callback" FOR EACH ROW EXECUTE FUNCTION "outbox_Callback_insert"();

CREATE FUNCTION "outbox_Callback_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (OLD."status" IS DISTINCT FROM NEW."status" OR OLD."at" IS DISTINCT FROM NEW."at" OR OLD."agentId" IS DISTINCT FROM NEW."agentId" OR OLD."awayToldAt" IS DISTINCT FROM NEW."awayToldAt" OR OLD."coverAgentId" IS DISTINCT FROM NEW."coverAgentId" OR OLD."agentNote" IS DISTINCT FROM NEW."agentNote") AND EXISTS (SELECT 1 FROM "Webhook" w WHERE w."active" AND (w."events" LIKE '%"*"%' OR w."events" LIKE '%"callback.changed"%')) THEN
    INSERT INTO "OutboxEvent" ("id", "seq", "type", "orderKey", "data", "createdAt")
    VALUES (replace(gen_random_uuid()::text, '-', ''), nextval('"OutboxEvent_seq_seq"'), 'callback.changed', NEW."id", json_build_object('id', NEW."id", 'customerId', NEW."customerId", 'agentId', NEW."agentId", 'at', NEW."at", 'status', NEW."status", 'changedBy', NEW."changedBy", 'awayToldAt', NEW."awayToldAt", 'coverAgentId', NEW."coverAgentId")::text, (clock_timestamp() AT TIME ZONE 'UTC')::timestamp(3));
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER "outbox_Callback_update" AFTER UPDATE ON "Callback" FOR EACH ROW WHEN (((OLD."status" IS DISTINCT FROM NEW."status" OR OLD."at" IS DISTINCT FROM NEW."at" OR OLD."agentId" IS DISTINCT FROM NEW."agentId" OR OLD."awayToldAt" IS DISTINCT FROM NEW."awayToldAt" OR OLD."coverAgentId" IS DISTINCT FROM NEW."coverAgentId" OR OLD."agentNote" IS DISTINCT FROM NEW."agentNote"))) EXECUTE FUNCTION "outbox_Callback_update"();

CREATE FUNCTION "outbox_Agent_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (OLD."status" IS DISTINCT FROM NEW."status" OR OLD."connected" IS DISTINCT FROM NEW."connected" OR OLD."active" IS DISTINCT FROM NEW."active") AND EXISTS (SELECT 1 FROM "Webhook" w WHERE w."active" AND (w."events" LIKE '%"*"%' OR w."events" LIKE '%"agent.presence_changed"%')) THEN
    INSERT INTO "OutboxEvent" ("id", "seq", "type", "orderKey", "data", "createdAt")
    VALUES (replace(gen_random_uuid()::text, '-', ''), nextval('"OutboxEvent_seq_seq"'), 'agent.presence_changed', NEW."id", json_build_object('id', NEW."id", 'status', NEW."status", 'connected', NEW."connected", 'active', NEW."active")::text, (clock_timestamp() AT TIME ZONE 'UTC')::timestamp(3));
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER "outbox_Agent_update" AFTER UPDATE ON "Agent" FOR EACH ROW WHEN (((OLD."status" IS DISTINCT FROM NEW."status" OR OLD."connected" IS DISTINCT FROM NEW."connected" OR OLD."active" IS DISTINCT FROM NEW."active"))) EXECUTE FUNCTION "outbox_Agent_update"();
