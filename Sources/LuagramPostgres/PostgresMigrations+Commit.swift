extension PostgresMigrations {
    /// `luagram_commit(batch, channel)`: a batch of event outcomes written on the server, in
    /// one round trip. Written from Swift, one statement at a time, an outcome took about
    /// eleven round trips, which bounded a node to a few hundred events a second however
    /// idle the machine was. Each element of `batch` is an outcome as `CommitBatch` encodes
    /// it; the answer is one of `committed`, `duplicate` or `conflict` per outcome, in order.
    ///
    /// Per outcome, the statements are SQLiteStore's, in its order. No savepoint per outcome: the
    /// only outcome found wanting after something was written is a new contact another node
    /// stored meanwhile, and its processed key, the only row written by then, is deleted
    /// again. Commits that queued a send ring `channel` once.
    static let commit = PostgresMigration(
        name: "2026-12-07-pg-06-commit-function",
        statements: [
            """
            CREATE FUNCTION luagram_commit(batch JSONB, channel TEXT) RETURNS TEXT[] LANGUAGE plpgsql AS $body$
            DECLARE
                o JSONB;
                c JSONB;
                inb JSONB;
                entry JSONB;
                o_account TEXT;
                o_contact TEXT;
                o_now BIGINT;
                o_dry BOOLEAN;
                based_on BIGINT;
                stored BIGINT;
                is_new BOOLEAN;
                n BIGINT;
                queued BOOLEAN := false;
                results TEXT[] := '{}';
            BEGIN
                -- Rows another commit may want too are taken in one order, so two commits never
                -- wait for each other: the accounts first (a new one's insert holds its key until
                -- the commit), then the contacts.
                INSERT INTO accounts (id, first_seen_at)
                SELECT e.v->>'account', min((e.v->>'at')::BIGINT) FROM jsonb_array_elements(batch) AS e(v)
                GROUP BY 1 ORDER BY 1
                ON CONFLICT DO NOTHING;
                PERFORM 1 FROM contacts AS k
                JOIN (SELECT e.v->>'account' AS account, e.v->'contact'->>'id' AS id FROM jsonb_array_elements(batch) AS e(v))
                    AS b USING (account, id)
                ORDER BY k.account, k.id FOR UPDATE OF k;
                FOR o IN SELECT e.v FROM jsonb_array_elements(batch) WITH ORDINALITY AS e(v, i) ORDER BY e.i LOOP
                    c := o->'contact';
                    o_account := o->>'account';
                    o_contact := c->>'id';
                    o_now := (o->>'at')::BIGINT;
                    o_dry := (o->>'dry_run')::BOOLEAN;
                    based_on := (o->>'based_on')::BIGINT;
                    -- checked before anything is written (the row is locked since the start)
                    SELECT version INTO stored FROM contacts WHERE account = o_account AND id = o_contact FOR UPDATE;
                    IF based_on IS NOT NULL AND coalesce(stored, 0) <> based_on THEN
                        results := results || CASE WHEN EXISTS (
                            SELECT 1 FROM processed_events
                            WHERE account = o_account AND kind = o->>'kind' AND id = o->>'id'
                        ) THEN 'duplicate' ELSE 'conflict' END;
                        CONTINUE;
                    END IF;
                    INSERT INTO processed_events (account, kind, id, processed_at)
                    VALUES (o_account, o->>'kind', o->>'id', o_now) ON CONFLICT DO NOTHING;
                    GET DIAGNOSTICS n = ROW_COUNT;
                    IF n = 0 THEN
                        results := results || 'duplicate'::TEXT;
                        CONTINUE;
                    END IF;

                    -- A missing username or name keeps the stored one; the window never moves
                    -- backwards; who holds the thread changes only once something said so. A
                    -- contact new when read that another node stored since is not updated: the
                    -- insert waited for that node, and the outcome, based on nothing, is a conflict.
                    is_new := based_on IS NOT NULL AND stored IS NULL;
                    INSERT INTO contacts AS k (account, id, username, name, last_inbound_at, tags, data,
                        handoff_started_at, handoff_reason, handoff_agent_at, handoff_released_at, thread_standby,
                        thread_control_at, version, created_at, updated_at)
                    VALUES (o_account, o_contact, c->>'username', c->>'name', (c->>'last_inbound_at')::BIGINT,
                        c->>'tags', c->>'data', (c->>'handoff_started_at')::BIGINT, c->>'handoff_reason',
                        (c->>'handoff_agent_at')::BIGINT, (c->>'handoff_released_at')::BIGINT,
                        (c->>'thread_standby')::BOOLEAN, (c->>'thread_control_at')::BIGINT, 1, o_now, o_now)
                    ON CONFLICT (account, id) DO UPDATE SET
                        username = coalesce(excluded.username, k.username), name = coalesce(excluded.name, k.name),
                        last_inbound_at = greatest(k.last_inbound_at, excluded.last_inbound_at),
                        tags = excluded.tags, data = excluded.data, handoff_started_at = excluded.handoff_started_at,
                        handoff_reason = excluded.handoff_reason, handoff_agent_at = excluded.handoff_agent_at,
                        handoff_released_at = excluded.handoff_released_at,
                        thread_standby = CASE WHEN excluded.thread_control_at IS NULL THEN k.thread_standby
                            ELSE excluded.thread_standby END,
                        thread_control_at = coalesce(excluded.thread_control_at, k.thread_control_at),
                        version = k.version + 1, updated_at = excluded.updated_at
                    WHERE NOT is_new;
                    GET DIAGNOSTICS n = ROW_COUNT;
                    IF n = 0 THEN
                        DELETE FROM processed_events WHERE account = o_account AND kind = o->>'kind' AND id = o->>'id';
                        results := results || 'conflict'::TEXT;
                        CONTINUE;
                    END IF;

                    inb := o->'inbound';
                    IF inb->>'kind' = 'message' THEN
                        INSERT INTO messages (account, contact, direction, mid, text, attachments, status, created_at,
                            updated_at)
                        VALUES (o_account, o_contact, 'in', inb->>'mid', decode(inb->>'text', 'base64'),
                            inb->>'attachments', 'received', (inb->>'at')::BIGINT, o_now)
                        ON CONFLICT DO NOTHING;
                    ELSIF inb->>'kind' = 'comment' THEN
                        -- the row may exist already, made by a private reply recorded before
                        INSERT INTO comments AS k (id, account, contact, media_id, text, commented_at)
                        VALUES (inb->>'id', o_account, o_contact, inb->>'media_id', decode(inb->>'text', 'base64'),
                            (inb->>'at')::BIGINT)
                        ON CONFLICT (id) DO UPDATE SET media_id = coalesce(excluded.media_id, k.media_id),
                            text = coalesce(excluded.text, k.text), commented_at = coalesce(excluded.commented_at, k.commented_at);
                    ELSIF inb->>'kind' = 'unsent' THEN
                        -- The message (either direction: the business may unsend too) loses its
                        -- content; an unsend seen before its message leaves a row without content,
                        -- so the message, when it comes, is not stored (its insert does nothing).
                        UPDATE messages SET text = NULL, attachments = '[]', quick_replies = '[]',
                            unsent_at = coalesce(unsent_at, (inb->>'at')::BIGINT), updated_at = o_now
                        WHERE mid = inb->>'mid';
                        GET DIAGNOSTICS n = ROW_COUNT;
                        IF n = 0 THEN
                            INSERT INTO messages (account, contact, direction, mid, status, created_at, updated_at,
                                unsent_at)
                            VALUES (o_account, o_contact, 'in', inb->>'mid', 'received', (inb->>'at')::BIGINT, o_now,
                                (inb->>'at')::BIGINT);
                        END IF;
                    END IF;

                    -- the private replies this outcome decided that the database does not have yet
                    INSERT INTO comments AS k (id, account, contact, private_reply_at)
                    SELECT r.v->>'comment', o_account, o_contact, (r.v->>'at')::BIGINT
                    FROM jsonb_array_elements(o->'private_replies') AS r(v)
                    ON CONFLICT (id) DO UPDATE SET private_reply_at = excluded.private_reply_at
                    WHERE k.private_reply_at IS NULL;

                    -- a second insert of the same intent does nothing, nor do its queued messages
                    FOR entry IN SELECT e.v FROM jsonb_array_elements(o->'outbox') WITH ORDINALITY AS e(v, i) ORDER BY e.i
                    LOOP
                        queued := true;
                        INSERT INTO outbox (id, account, recipient, payload, decided_at, due_at, next_attempt_at, parts,
                            dry_run, updated_at, send_slot)
                        VALUES (entry->>'id', entry->>'account', entry->>'recipient', entry->>'payload',
                            (entry->>'decided_at')::BIGINT, (entry->>'due_at')::BIGINT, (entry->>'due_at')::BIGINT,
                            jsonb_array_length(entry->'messages'), o_dry, o_now, (entry->>'send_slot')::BIGINT)
                        ON CONFLICT (id) DO NOTHING;
                        GET DIAGNOSTICS n = ROW_COUNT;
                        CONTINUE WHEN n = 0;
                        INSERT INTO messages (account, contact, direction, text, attachments, quick_replies, origin,
                            status, dry_run, outbox_id, part, created_at, updated_at)
                        SELECT entry->>'account', entry->>'recipient', 'out', decode(m.v->>'text', 'base64'),
                            m.v->>'attachments', m.v->>'quick_replies', entry->>'origin', 'queued', o_dry, entry->>'id',
                            m.i - 1, (entry->>'decided_at')::BIGINT, o_now
                        FROM jsonb_array_elements(entry->'messages') WITH ORDINALITY AS m(v, i) ORDER BY m.i;
                    END LOOP;

                    INSERT INTO decisions (account, event_kind, event_id, contact, origin, origin_detail, intent,
                        verdict, reason, decision, outbox_id, decided_at)
                    SELECT o_account, o->>'kind', o->>'id', o_contact, d.v->>'origin', d.v->>'origin_detail',
                        d.v->>'intent', d.v->>'verdict', d.v->>'reason', d.v->>'decision', d.v->>'outbox_id', o_now
                    FROM jsonb_array_elements(o->'decisions') WITH ORDINALITY AS d(v, i) ORDER BY d.i;
                    -- what a rule tried to say and may not is part of the conversation's history
                    INSERT INTO messages (account, contact, direction, text, attachments, quick_replies, origin, status,
                        reason, dry_run, created_at, updated_at)
                    SELECT o_account, o_contact, 'out', decode(d.v->'refused'->>'text', 'base64'),
                        d.v->'refused'->>'attachments', d.v->'refused'->>'quick_replies', d.v->>'origin', 'refused',
                        d.v->'refused'->>'reason', o_dry, o_now, o_now
                    FROM jsonb_array_elements(o->'decisions') WITH ORDINALITY AS d(v, i)
                    WHERE jsonb_typeof(d.v->'refused') = 'object' ORDER BY d.i;

                    results := results || 'committed'::TEXT;
                END LOOP;
                IF queued THEN
                    PERFORM pg_notify(channel, '');
                END IF;
                RETURN results;
            END
            $body$
            """
        ])
}
