extension PostgresMigrations {
    /// `luagram_apply(writes, at)`: a send round's results written on the server in one round
    /// trip, where each took three from Swift (the claimed row checked, its message, the
    /// row). Each element of `writes` is a write as `OutboxWriting` encodes it (every kind but
    /// a replan, which needs the row's payload read back). The checks are SQLiteStore's: a
    /// row is moved on only while `sending`, locked until the transaction ends, and its parts
    /// only in order. The first write that fails them stops the function, which answers what
    /// was wrong (`problem`: `unknown`, `not_sending` with the `state`, or `out_of_order` with
    /// the part `expected` and the one `got`) for the caller to throw, rolling back the rest;
    /// NULL when all were written.
    static let apply = PostgresMigration(
        name: "2026-12-07-pg-07-apply-function",
        statements: [
            """
            CREATE FUNCTION luagram_apply(writes JSONB, at_micros BIGINT) RETURNS JSONB LANGUAGE plpgsql AS $body$
            DECLARE
                w JSONB;
                w_id TEXT;
                w_kind TEXT;
                w_part BIGINT;
                row_state TEXT;
                row_parts_sent BIGINT;
            BEGIN
                FOR w IN SELECT e.v FROM jsonb_array_elements(writes) WITH ORDINALITY AS e(v, i) ORDER BY e.i LOOP
                    w_id := w->>'id';
                    w_kind := w->>'kind';
                    -- Accepted: the reply is on record as sent. Not accepted: the comment's
                    -- decision is forgotten (unless an earlier reply to it was accepted), so it
                    -- may be answered again. Its row is no longer claimed.
                    IF w_kind = 'private_reply_settled' THEN
                        IF (w->>'accepted')::BOOLEAN THEN
                            UPDATE comments SET private_reply_sent_at = coalesce(private_reply_sent_at, at_micros),
                                private_reply_at = coalesce(private_reply_at, at_micros)
                            WHERE id = w->>'comment';
                        ELSE
                            UPDATE comments SET private_reply_at = NULL
                            WHERE id = w->>'comment' AND private_reply_sent_at IS NULL;
                        END IF;
                        CONTINUE;
                    END IF;

                    SELECT state, parts_sent INTO row_state, row_parts_sent FROM outbox WHERE id = w_id FOR UPDATE;
                    IF NOT FOUND THEN
                        RETURN jsonb_build_object('problem', 'unknown', 'id', w_id);
                    END IF;
                    IF row_state <> 'sending' THEN
                        RETURN jsonb_build_object('problem', 'not_sending', 'id', w_id, 'state', row_state);
                    END IF;

                    IF w_kind IN ('sent', 'dry_run') THEN
                        w_part := (w->>'part')::BIGINT;
                        IF w_part <> row_parts_sent THEN
                            RETURN jsonb_build_object('problem', 'out_of_order', 'id', w_id, 'expected', row_parts_sent,
                                'got', w_part);
                        END IF;
                        UPDATE messages SET mid = w->>'mid', status = w_kind, sent_at = at_micros, updated_at = at_micros
                        WHERE outbox_id = w_id AND part = w_part AND status = 'queued';
                        UPDATE outbox SET parts_sent = parts_sent + 1, unconfirmed_since = NULL,
                            state = CASE WHEN parts_sent + 1 >= parts THEN w_kind ELSE state END, updated_at = at_micros
                        WHERE id = w_id;
                    ELSIF w_kind IN ('failed', 'refused') THEN
                        -- the row ends, and its messages not yet sent with it, carrying the error or the reason
                        UPDATE outbox SET state = w_kind, error_code = coalesce((w->>'error_code')::BIGINT, error_code),
                            error_subcode = coalesce((w->>'error_subcode')::BIGINT, error_subcode),
                            error_message = coalesce(w->>'error_message', error_message), reason = w->>'reason',
                            updated_at = at_micros
                        WHERE id = w_id;
                        UPDATE messages SET status = w_kind, error_code = (w->>'error_code')::BIGINT,
                            error_subcode = (w->>'error_subcode')::BIGINT, error_message = w->>'error_message',
                            reason = w->>'reason', updated_at = at_micros
                        WHERE outbox_id = w_id AND status = 'queued';
                    ELSIF w_kind = 'unconfirmed' THEN
                        UPDATE outbox SET state = 'pending', next_attempt_at = (w->>'next_attempt_at')::BIGINT,
                            error_code = (w->>'error_code')::BIGINT, error_subcode = (w->>'error_subcode')::BIGINT,
                            error_message = w->>'error_message', unconfirmed_since = (w->>'since')::BIGINT,
                            updated_at = at_micros
                        WHERE id = w_id;
                    ELSIF w_kind = 'not_delivered' THEN
                        UPDATE outbox SET unconfirmed_since = NULL WHERE id = w_id;
                    ELSIF w_kind = 'retry' THEN
                        -- a try that never reached Meta does not count as an attempt
                        UPDATE outbox SET state = 'pending', next_attempt_at = (w->>'next_attempt_at')::BIGINT,
                            error_code = (w->>'error_code')::BIGINT, error_subcode = (w->>'error_subcode')::BIGINT,
                            error_message = w->>'error_message',
                            attempts = greatest(0, attempts - CASE WHEN (w->>'attempted')::BOOLEAN THEN 0 ELSE 1 END),
                            updated_at = at_micros
                        WHERE id = w_id;
                    ELSE
                        RAISE EXCEPTION 'luagram_apply: unknown kind of write %', w_kind;
                    END IF;
                END LOOP;
                RETURN NULL;
            END
            $body$
            """
        ])
}
