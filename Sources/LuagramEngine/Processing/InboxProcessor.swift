import Foundation
import LuagramDomain
import LuagramPolicy
import Logging

/// Takes webhook bodies from the inbox and carries each event through the rules and the
/// policy into one committed outcome: the event marked processed, the contact's state,
/// the outbox rows and the decision log, in one transaction.
///
/// A processor is one worker: it owns its rule runner (a Lua VM), so it is not `Sendable`,
/// and it handles events one at a time, in the order the body lists them. A crash between
/// claiming a row and committing loses nothing: the row's lease runs out and it is taken
/// again, and events already committed are recognised as duplicates.
public final class InboxProcessor {
    /// Turns a stored body into events; throws when the body is not a webhook at all.
    public typealias Decode = @Sendable (_ body: Data, _ receivedAt: Date) throws -> DecodedBody

    let inbox: any InboxStore
    let events: any EventStore
    let conversations: any ConversationStore
    let rules: any RuleRunner
    let policy: Policy
    let decode: Decode
    let options: Options
    /// The sender's calls whose results are not in the store yet; nil when no sender runs
    /// in this process.
    let inFlight: InFlightSends?
    /// Contacts' names from the User Profile API; nil when none are looked up (dry run).
    let profiles: ProfileDirectory?
    let logger: Logger

    /// How the processor behaves.
    public struct Options: Sendable {
        /// How long a claimed body stays with this worker before another may take it.
        public var lease: TimeInterval = 60
        /// Claims a body may take before it is quarantined: attempts that failed, or that
        /// stopped the process (counted when claimed, so a crash counts too).
        public var maxAttempts = 3
        /// How long automation pauses for a contact after a person answered them from the
        /// Instagram app (an echo Luagram did not send).
        public var humanReplyPause: TimeInterval = 30 * 60
        /// Record sends as a simulation: the sender never calls Meta for them.
        public var dryRun = false

        public init() {}
    }

    public init(
        inbox: any InboxStore, events: any EventStore, conversations: any ConversationStore, rules: any RuleRunner,
        policy: Policy = Policy(), decode: @escaping Decode, options: Options = Options(), inFlight: InFlightSends? = nil,
        profiles: ProfileDirectory? = nil, logger: Logger = Logger(label: "luagram.engine")
    ) {
        self.inFlight = inFlight
        self.profiles = profiles
        self.inbox = inbox
        self.events = events
        self.conversations = conversations
        self.rules = rules
        self.policy = policy
        self.decode = decode
        self.options = options
        self.logger = logger
    }

    /// The reader this processor takes bodies with; a worker pool shares one.
    public var reader: InboxReader {
        InboxReader(inbox: inbox, decode: decode, lease: options.lease, maxAttempts: options.maxAttempts, logger: logger)
    }

    /// Processes up to `limit` pending bodies at `now`.
    @discardableResult
    public func processPending(limit: Int = 64, now: Date) async throws -> ProcessingReport {
        let reader = reader
        let batch = try await reader.claim(limit: limit, now: now)
        var report = batch.report
        do {
            report.add(try await process(batch.events, at: now))
        } catch {
            await reader.release(batch, after: error, now: now)
            throw error
        }
        try await reader.finish(batch, now: now)
        return report
    }

    /// Processes events in the order given and commits all their outcomes in one
    /// transaction — one write to disk for the batch instead of one per event. A contact's
    /// later events see what its earlier ones in the batch changed. An outcome that meets
    /// a contact changed meanwhile by someone else (an agent's send, another process) is
    /// run again on the fresh state, so no event is lost to a conflict.
    public func process(_ events: [Event], at now: Date) async throws -> ProcessingReport {
        var report = ProcessingReport()
        // one read for the whole batch: a read per event costs more than the rules do
        let keys = events.map(EventKey.init)
        // A message whose unsend was processed already, or is in this batch, is not shown
        // to the rules (Meta may deliver the unsend first); asked in the same read.
        let unsendKeys = events.map(Self.unsendKey(of:))
        let processed = try await self.events.processedKeys(among: keys + unsendKeys.compactMap { $0 })
        let unsendsInBatch = Set(zip(events, keys).filter { $0.0.kind == .deleted }.map(\.1))
        var states = try await conversations.contactStates(
            events.map { ContactKey(account: $0.account, contact: $0.contact.id) })
        let known = await knownProfiles(for: events, at: now)
        var seen: Set<EventKey> = []
        var prepared: [(event: Event, outcome: EventOutcome)] = []
        for ((event, key), unsendKey) in zip(zip(events, keys), unsendKeys) {
            guard seen.insert(key).inserted, !processed.contains(key) else {
                report.duplicates += 1
                continue
            }
            let contact = ContactKey(account: event.account, contact: event.contact.id)
            let stored = states[contact] ?? ContactState(account: event.account, contact: Contact(id: event.contact.id))
            let unsent = unsendKey.map { processed.contains($0) || unsendsInBatch.contains($0) } ?? false
            let (outcome, run) = try await prepare(
                event, key: key, stored: stored, profile: known[contact], unsent: unsent, at: now)
            report.ruleFailures += run.failures.count
            report.decisions += run.intents
            prepared.append((event, outcome))
            var next = outcome.contact
            next.version = stored.version + 1
            states[contact] = next
        }
        let results = try await self.events.commit(prepared.map(\.outcome))
        for ((event, _), result) in zip(prepared, results) {
            switch result {
            case .committed: report.events += 1
            case .duplicate: report.duplicates += 1
            case .conflict:
                // the rules run again on the fresh state; their first intents were never kept
                let retried = try await process(event, at: now)
                if retried.commit == .committed { report.events += 1 } else { report.duplicates += 1 }
            }
        }
        return report
    }

    /// Loads the rules again if their files changed, or when `force`d; a line for the log,
    /// or nil when nothing was done.
    public func reloadRules(force: Bool, now: Date) -> String? {
        rules.reloadRulesIfChanged(force: force, now: now)
    }

    /// What processing one event did.
    public struct EventResult: Sendable {
        public var commit: CommitResult
        public var decisions: [RecordedIntent]
        /// Handlers that failed, as `file:line: message (handler …, event …)`.
        public var failures: [String]
    }

    /// Carries one event through the rules and the policy and commits the outcome. An event
    /// processed before is not run again; one that meets a contact changed meanwhile is run
    /// again on the fresh state (a few times at most).
    public func process(_ event: Event, at now: Date) async throws -> EventResult {
        let key = EventKey(event)
        let known = await knownProfiles(for: [event], at: now)
        for _ in 0..<Self.conflictRetries {
            if try await events.hasProcessed(key) {
                return EventResult(commit: .duplicate, decisions: [], failures: [])
            }
            let stored = try await conversations.contactState(account: event.account, contact: event.contact.id)
            var unsent = false
            if let unsendKey = Self.unsendKey(of: event) { unsent = try await events.hasProcessed(unsendKey) }
            let (outcome, run) = try await prepare(
                event, key: key, stored: stored, profile: known[ContactKey(account: event.account, contact: event.contact.id)],
                unsent: unsent, at: now)
            let commit = try await events.commit(outcome)
            if commit != .conflict {
                return EventResult(commit: commit, decisions: run.intents, failures: run.failures)
            }
        }
        logger.error("contact kept changing concurrently; event not committed", metadata: ["event": "\(key)"])
        return EventResult(commit: .conflict, decisions: [], failures: [])
    }

    static let conflictRetries = 3

    /// For a message (or its edit), the key its unsend has: the `deleted` event of its mid.
    static func unsendKey(of event: Event) -> EventKey? {
        switch event.kind {
        case .message, .unsupported, .edit:
            let mid = event.fields["mid"]?.stringValue ?? event.id
            return EventKey(account: event.account, kind: EventKind.deleted.rawValue, id: mid)
        default:
            return nil
        }
    }

    /// Runs the rules and the policy on an event over the contact's stored state: the
    /// outcome to commit.
    ///
    /// `unsent`: the event is a message (or an edit) already unsent: its content is erased
    /// like the unsend's, and the rules do not see it.
    private func prepare(
        _ event: Event, key: EventKey, stored: ContactState, profile: ContactProfile? = nil, unsent: Bool = false, at now: Date
    ) async throws
        -> (EventOutcome, RuleRun)
    {
        if event.kind == .deleted || unsent {
            // Before the commit that marks the event done: should the process stop in
            // between, the event runs again and erases again (it changes nothing twice).
            let mid = event.fields["mid"]?.stringValue ?? event.id
            let bodies = try await inbox.eraseUnsentMessage(mid: mid, at: now)
            logger.info("an unsent message's content was erased", metadata: ["event": "\(key)", "bodies": "\(bodies)"])
        }
        var event = event
        event.contact = merged(event.contact, with: stored.contact)
        if let profile { event.contact.adopt(profile) }
        var conversation = stored.conversation
        conversation.noteInbound(event)
        conversation.noteThreadControl(event.threadControl)
        try await applyStatusUpdate(event, to: &conversation, at: now)

        let decider = PolicyDecider(policy: policy, context: PolicyContext(conversation: conversation))
        let run =
            unsent ? RuleRun(intents: [], contact: event.contact, failures: []) : rules.run(event, at: now, decider: decider)
        for failure in run.failures { logger.warning("rule failed", metadata: ["failure": "\(failure)"]) }

        conversation = decider.context.conversation
        var outbox: [OutboxEntry] = []
        var decisions: [DecisionRecord] = []
        for recorded in run.intents {
            if case .handoff(let reason) = recorded.intent, recorded.decision == .accept {
                conversation.handoff = HandoffState(startedAt: now, reason: reason)
            }
            let entry = outboxEntry(for: recorded, of: event, key: key, at: now)
            if let entry { outbox.append(entry) }
            decisions.append(DecisionRecord(intent: recorded.intent, origin: recorded.origin, decision: recorded.decision, outboxID: entry?.id))
        }
        let outcome = EventOutcome(
            key: key,
            contact: ContactState(account: event.account, contact: run.contact, conversation: conversation, version: stored.version),
            basedOn: stored.version, inbound: InboundRecord(event), outbox: outbox, decisions: decisions,
            dryRun: options.dryRun, processedAt: now)
        return (outcome, run)
    }

    /// The contact as the rules should see it: what the webhook says about them now, over
    /// what the store remembers (tags, values, and a name the webhook rarely carries).
    private func merged(_ incoming: Contact, with stored: Contact) -> Contact {
        var contact = stored
        contact.id = incoming.id
        if let username = incoming.username { contact.username = username }
        if let name = incoming.name { contact.name = name }
        return contact
    }

    /// Echoes and read receipts move the status of messages sent earlier. An echo of a
    /// message Luagram did not send is a person answering from the Instagram app: the
    /// rules stand back from that contact for a while.
    private func applyStatusUpdate(_ event: Event, to conversation: inout ConversationState, at now: Date) async throws {
        switch event.kind {
        case .echo:
            let mid = event.fields["mid"]?.stringValue ?? event.id
            // The calls in flight first, then the store: the sender writes a round's ids to
            // the store before it forgets them there, so one of the two knows every message
            // of ours, whenever its echo comes.
            if let inFlight,
                inFlight.claimEcho(
                    account: event.account, contact: event.contact.id, mid: mid, text: event.text,
                    attachmentTypes: event.attachments.compactMap { $0["type"]?.stringValue })
            {
                return
            }
            if try await conversations.markDelivered(mid: mid, at: now) { return }
            if try await isUnconfirmedSend(echo: event) { return }
            let until = event.time.addingTimeInterval(options.humanReplyPause)
            if var handoff = conversation.handoff, handoff.isActive(at: event.time, timeout: nil) {
                handoff.lastAgentMessageAt = event.time
                if let release = handoff.releasedAt { handoff.releasedAt = max(release, until) }
                conversation.handoff = handoff
            } else {
                conversation.handoff = HandoffState(
                    startedAt: event.time, reason: "a person answered from the Instagram app",
                    lastAgentMessageAt: event.time, releasedAt: until)
            }
        case .read:
            let mark: ReadMark =
                if let mid = event.fields["mid"]?.stringValue { .message(mid: mid) } else { .watermark(event.time) }
            _ = try await conversations.markRead(account: event.account, contact: event.contact.id, upTo: mark, at: now)
        default:
            break
        }
    }

    /// An outbox row for a message the policy let go now or later; nil for everything else.
    private func outboxEntry(for recorded: RecordedIntent, of event: Event, key: EventKey, at now: Date) -> OutboxEntry? {
        let plan: SendPlan?
        let due: Date
        switch recorded.decision {
        case .send(let sendPlan):
            plan = sendPlan
            due = now
        case .defer(let until, _):
            plan = nil
            due = until
        case .accept, .refuse:
            return nil
        }
        let handler: String
        switch recorded.origin {
        case .rule(_, _, let name): handler = name
        case .agent(let name): handler = "agent:" + name
        }
        return OutboxEntry(
            id: OutboxID(event: key, handler: handler, index: recorded.index), account: event.account,
            recipient: event.contact.id, intent: recorded.intent, origin: recorded.origin, plan: plan,
            event: EventReference(event), decidedAt: now, dueAt: due)
    }
}
