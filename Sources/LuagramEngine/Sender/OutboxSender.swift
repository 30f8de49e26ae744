import CoreMetrics
import Foundation
import Logging
import LuagramDomain
import LuagramPolicy

/// Takes due outbox rows and carries them out: asks the policy again, paces each account,
/// sends the plan's messages one by one through a `MessageSender`, and records every result
/// in the outbox.
///
/// An actor because its in-memory state — each account's rate limiter and pause — is shared
/// between the send loop and whoever reads it (`/healthz`, metrics, `resume(account:)`).
/// In a round, different contacts' rows are sent at the same time (up to
/// `configuration.concurrency`), one contact's rows one after another, in order; what the
/// round did to its rows is written in one transaction at its end, so a round costs two
/// writes to disk (the claim and the results), not one per message. Should the process die
/// before the results are written, the round's rows stay `sending` and are settled as
/// interrupted at the next start: never sent twice.
///
/// Time comes in as `now`; nothing here reads a clock or sleeps. A caller loops on
/// `sendDue(now:)` with its own clock and waits between rounds.
///
/// Without a `MessageSender` (no access token configured) it is a dry run: rows go through
/// the same checks and end `dry_run`, each message logged instead of posted; rows committed
/// as dry-run are handled the same way whatever the sender.
public actor OutboxSender {
    public nonisolated let configuration: SenderConfiguration
    let outbox: any OutboxStore
    let conversations: any ConversationStore
    let sender: (any MessageSender)?
    let policy: Policy
    let random: @Sendable () -> Double
    /// Where each call is noted before it is made, so a restart asks Meta only about the
    /// rows a killed process had posted; without one, about every row it had claimed.
    let journal: SendJournal?
    /// The calls whose results are not written yet, so the processor knows their echoes.
    let inFlight: InFlightSends?
    /// Where the limits that must outlive the process are kept (`OutboxSender+RateState`).
    let rateStore: (any RateStateStore)?
    /// Learns an image's type and size before it is attached (`OutboxSender+Images`);
    /// without one, images go as planned.
    let media: (any MediaInspector)?
    /// Tells whether a live video still broadcasts (`OutboxSender+Lives`).
    let lives: (any LiveStatus)?
    /// The round's private replies to comments of lives that have ended.
    var endedLives: Set<OutboxID> = []
    let logger: Logger

    /// Each account's rate limiter and promised slots.
    var pacing: AccountPacing
    /// The limits as last saved, and whether those of an earlier process were taken back.
    var savedRates: [String: SavedRateState] = [:]
    var ratesRestored = false
    /// What the current round did to its rows, written at its end.
    var roundWrites: [OutboxWrite] = []
    /// Rounds whose results the store refused, with their time: written before the next round.
    var unwritten: [(writes: [OutboxWrite], at: Date)] = []
    var pauses: [String: AccountPause] = [:]
    /// Row outcomes since the sender was made, for metrics.
    public internal(set) var counters = SenderCounters() {
        didSet { metrics.add(from: oldValue, to: counters) }
    }
    let metrics: SenderMetrics

    /// - Parameters:
    ///   - sender: nil for a dry run.
    ///   - random: numbers in [0, 1) for retry jitter; inject a constant in tests.
    ///   - metricsFactory: where `counters` and the send delay are recorded (by default
    ///     swift-metrics' global factory, a no-op until bootstrapped).
    public init(
        outbox: any OutboxStore, conversations: any ConversationStore, sender: (any MessageSender)?,
        policy: Policy = Policy(), configuration: SenderConfiguration = SenderConfiguration(),
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
        journal: SendJournal? = nil, inFlight: InFlightSends? = nil, rateStore: (any RateStateStore)? = nil,
        media: (any MediaInspector)? = nil, lives: (any LiveStatus)? = nil,
        metricsFactory: any MetricsFactory = MetricsSystem.factory, logger: Logger = Logger(label: "luagram.sender")
    ) {
        self.metrics = SenderMetrics(factory: metricsFactory)
        self.rateStore = rateStore
        self.media = media
        self.lives = lives
        self.journal = journal
        self.inFlight = inFlight
        self.outbox = outbox
        self.conversations = conversations
        self.sender = sender
        self.policy = policy
        self.configuration = configuration
        self.pacing = AccountPacing(limits: configuration.rateLimits)
        self.random = random
        self.logger = logger
    }

    /// Whether nothing is ever posted to Meta.
    public nonisolated var isDryRun: Bool { sender == nil }

    /// Puts back the rows a previous process left `sending` (killed between claiming them and
    /// recording Meta's answer). Those the journal says were posted (all of them without a
    /// journal) may have reached Meta, and are checked with Meta
    /// (`MessageSender.findDelivered`) when they come up again; the others are simply sent:
    /// each goes out once, neither lost nor sent twice. Call once, before
    /// the first `sendDue`, by the only sender of the outbox. Returns how many it put back.
    public func requeueInterrupted(now: Date) async -> Int {
        do {
            let count = try await outbox.requeueInterrupted(at: now, posted: journal?.begun())
            journal?.clear()
            if count > 0 {
                logger.warning(
                    "sends interrupted by a restart: they are checked with Meta before being tried again",
                    metadata: ["rows": "\(count)"])
            }
            return count
        } catch {
            logger.error("cannot put back interrupted sends", metadata: ["error": "\(error)"])
            return 0
        }
    }

    /// Claims the rows due at `now` (up to the batch size), handles them, and records the
    /// results. One caller at a time: the round's writes are collected on the actor.
    public func sendDue(now: Date) async -> SendRoundReport {
        guard await recordUnwritten(), await restoreRates(at: now) else { return SendRoundReport() }
        // every earlier round's results are written: nothing is in flight
        journal?.clear()
        let rows: [OutboxRow]
        do {
            rows = try await outbox.claimDueOutbox(limit: configuration.batchSize, now: now)
        } catch {
            logger.error("could not claim due outbox rows", metadata: ["error": "\(error)"])
            return SendRoundReport()
        }
        roundWrites = []
        // One read for the round's contacts; without them the policy cannot be asked, and
        // each row is tried again later like after a transient failure.
        let contacts: Result<[ContactKey: ContactState], any Error>
        do {
            contacts = .success(try await conversations.contactStates(rows.map(\.entry.contactKey)))
        } catch {
            contacts = .failure(error)
        }
        endedLives = await endedLives(of: rows, at: now)
        // Decided in claim order, before any call: a full rate class serves rows in the order
        // they came, whatever order the concurrent sends then run in.
        var prepared: [OutboxID: Prepared] = [:]
        for row in rows { prepared[row.entry.id] = prepare(row, contact: contacts.map { $0[row.entry.contactKey] }, at: now) }
        var outcomes: [OutboxID: SendOutcome] = [:]
        var queues = Self.byContact(rows)[...]
        await withTaskGroup(of: [(OutboxID, SendOutcome)].self) { group in
            func start() {
                guard let queue = queues.popFirst() else { return }
                let contact = contacts.map { $0[queue[0].entry.contactKey] }
                let steps = queue.compactMap { row in prepared[row.entry.id].map { (row: row, prepared: $0) } }
                group.addTask { await self.deliver(steps, contact: contact, at: now) }
            }
            for _ in 0..<configuration.concurrency { start() }
            for await finished in group {
                for (id, outcome) in finished { outcomes[id] = outcome }
                start()
            }
        }
        roundWrites += Self.privateReplySettlements(rows, outcomes)
        do {
            try await outbox.apply(roundWrites, at: now)
            await forgetWritten(at: now)
            await saveRates(at: now)
        } catch {
            unwritten.append((roundWrites, now))
            let written = Set(roundWrites.map(\.id))
            for id in written { outcomes[id] = storeError(error, for: id, doing: "record the round's results") }
        }
        roundWrites = []
        var report = SendRoundReport()
        for row in rows {
            let outcome = outcomes[row.entry.id] ?? .storeError("not handled")
            counters.count(outcome)
            if case .sent = outcome {
                metrics.sendDelay.recordSeconds(max(0, now.timeIntervalSince(max(row.entry.dueAt, row.nextAttemptAt))))
            }
            report.outcomes.append(.init(id: row.entry.id, account: row.entry.account, outcome: outcome))
        }
        return report
    }

    /// The rows of each contact, in claim order, contacts in the order of their first row.
    static func byContact(_ rows: [OutboxRow]) -> [[OutboxRow]] {
        var order: [String] = []
        var queues: [String: [OutboxRow]] = [:]
        for row in rows {
            let key = row.entry.account + "\u{0}" + row.entry.recipient
            if queues[key] == nil { order.append(key) }
            queues[key, default: []].append(row)
        }
        return order.compactMap { queues[$0] }
    }

    /// One contact's rows, one after another.
    func deliver(
        _ queue: [(row: OutboxRow, prepared: Prepared)], contact: Result<ContactState?, any Error>, at now: Date
    ) async -> [(OutboxID, SendOutcome)] {
        var outcomes: [(OutboxID, SendOutcome)] = []
        var inStandby = false
        for (row, prepared) in queue {
            // Meta just said another app holds the thread: the contact's later rows, decided
            // before that was known, are not tried.
            if inStandby, case .send = prepared {
                outcomes.append((row.entry.id, record(.refused(.threadInStandby), .refused(row.entry.id, .threadInStandby))))
                continue
            }
            let outcome = await deliver(row, prepared, contact: contact, at: now)
            if case .refused(.threadInStandby) = outcome { inStandby = true }
            outcomes.append((row.entry.id, outcome))
        }
        return outcomes
    }

    /// The accounts whose sends are stopped at `now`, by account id.
    public func pausedAccounts(at now: Date) -> [AccountPause] {
        pauses.values.filter { $0.isActive(at: now) }.sorted { $0.account < $1.account }
    }

    /// Lets a paused account send again: after it was re-authorised, or to end a throttling
    /// pause early. Its waiting rows go out when they next come due (within
    /// `reauthenticationRecheck` for a token pause).
    public func resume(account: String) {
        guard let pause = pauses.removeValue(forKey: account) else { return }
        if pacing.knows(account) {
            var state = pacing.limiter(of: account).state
            state.pausedUntil = nil
            state.consecutiveThrottles = 0
            pacing.setState(state, of: account)
        }
        logger.notice("account resumed", metadata: ["account": "\(account)", "paused_for": "\(pause.reason.rawValue)"])
    }

    // MARK: - One row

    /// What a round settles for a row before any call to Meta.
    enum Prepared {
        /// Its outcome: deferred, refused, put back.
        case settled(SendOutcome)
        /// Its last try may have reached Meta: ask before deciding.
        case confirmFirst
        /// Send this plan; `slotTaken`: the rate slot of its next part is already taken.
        case send(SendPlan, slotTaken: Bool)
    }

    /// The account's pause, the policy asked again, and the rate slot of the next part: all
    /// that needs no call, decided in claim order.
    func prepare(_ row: OutboxRow, contact read: Result<ContactState?, any Error>, at now: Date, askFirst: Bool = true)
        -> Prepared
    {
        let entry = row.entry
        if let paused = deferIfPaused(row, at: now) { return .settled(paused) }
        // Whether it arrived comes first: a message Meta has is recorded as sent whatever
        // the policy would say now.
        if askFirst, row.unconfirmedSince != nil { return .confirmFirst }

        let contact: ContactState
        do {
            contact = try read.get() ?? ContactState(account: entry.account, contact: Contact(id: entry.recipient))
        } catch {
            // Without the conversation the policy cannot be asked; try again like a transient failure.
            let failure = SendFailure(code: nil, message: "the contact could not be read: \(error)")
            let at = now.addingTimeInterval(configuration.retryDelay(afterAttempt: row.attempts, random: random()))
            return .settled(putBack(row, until: at, failure: failure, as: .retry(at: at, failure: failure), at: now))
        }

        let plan: SendPlan
        switch policy.decide(PolicyRequest(sendTimeCheckOf: entry, contact: contact, liveEnded: endedLives.contains(entry.id)), at: now) {
        case .refuse(let reason):
            logger.info(
                "refused at send time",
                metadata: ["outbox": "\(entry.id)", "account": "\(entry.account)", "reason": "\(reason.rawValue)"])
            return .settled(record(.refused(reason), .refused(entry.id, reason)))
        case .defer(let until, _):
            return .settled(putBack(row, until: until, failure: row.lastFailure, as: .deferred(until: until, reason: .policy), at: now))
        case .accept:
            // Only message intents enter the outbox; a state intent here is a bug upstream.
            let failure = SendFailure(code: nil, message: "a \(entry.intent.name) intent sends no message")
            return .settled(record(.failed(failure), .failed(entry.id, failure)))
        case .send(let fresh):
            plan = Self.plan(for: row, fresh: fresh)
        }
        guard sender != nil, !row.dryRun, row.partsSent < plan.messages.count else { return .send(plan, slotTaken: false) }
        if let (until, reason) = takeSlot(for: row, Self.rateClass(of: plan.messages[row.partsSent], entry: entry), at: now) {
            return .settled(putBack(row, until: until, failure: row.lastFailure, as: .deferred(until: until, reason: reason), at: now))
        }
        return .send(plan, slotTaken: true)
    }

    func deliver(_ row: OutboxRow, _ prepared: Prepared, contact: Result<ContactState?, any Error>, at now: Date) async
        -> SendOutcome
    {
        switch prepared {
        case .settled(let outcome):
            return outcome
        case .send(let plan, let slotTaken):
            return await send(row, plan: plan, slotTaken: slotTaken, at: now)
        case .confirmFirst:
            break
        }
        var row = row
        var confirmedIDs: [String] = []
        switch await confirm(row, since: row.unconfirmedSince ?? now, at: now) {
        case .settled(let outcome):
            return outcome
        case .delivered(let messageID):
            roundWrites.append(.sent(row.entry.id, part: row.partsSent, messageID: messageID))
            counters.messagesConfirmed += 1
            confirmedIDs = [messageID]
            row.partsSent += 1
            row.unconfirmedSince = nil
            if row.partsSent >= row.entry.plan?.messages.count ?? 1 { return .sent(messageIDs: confirmedIDs) }
        case .notDelivered:
            roundWrites.append(.notDelivered(row.entry.id))
            row.unconfirmedSince = nil
        case .resend:
            // Meta's answer to the next try tells (see `failed`): the row stays unconfirmed.
            break
        }
        switch prepare(row, contact: contact, at: now, askFirst: false) {
        case .send(let plan, let slotTaken):
            let outcome = await send(row, plan: plan, slotTaken: slotTaken, at: now)
            if case .sent(let ids) = outcome { return .sent(messageIDs: confirmedIDs + ids) }
            return outcome
        case .settled(let outcome):
            return outcome
        case .confirmFirst:
            // prepare asks first only when told to; were it ever to, the row waits for a
            // later round rather than the process stopping
            return .retry(
                at: now.addingTimeInterval(1),
                failure: SendFailure(code: nil, subcode: nil, message: "send not prepared: a lookup was asked for twice"))
        }
    }

    /// The plan to send: the stored messages with the messaging type decided now.
    ///
    /// The stored messages are kept because they were planned with what the processor knew
    /// about the attachments (an image checked to be sendable), which the sender does not
    /// know; planned again here, such an image would turn into a link. A deferred entry
    /// has no stored plan and takes the new one.
    static func plan(for row: OutboxRow, fresh: SendPlan) -> SendPlan {
        guard var plan = row.entry.plan else { return fresh }
        plan.messagingType = fresh.messagingType
        return plan
    }

    func send(_ row: OutboxRow, plan planned: SendPlan, slotTaken: Bool, at now: Date) async -> SendOutcome {
        let entry = row.entry
        let live = sender.flatMap { row.dryRun ? nil : $0 }
        var plan = planned
        if row.partsSent == 0, live != nil { plan = await checkingImages(plan, of: entry, at: now) }
        // Once a part is out, the plan is fixed: the store refuses to replan, and the parts
        // already sent are what the contact has.
        if row.partsSent == 0, entry.plan != plan { roundWrites.append(.replan(entry.id, plan)) }

        let recipient = Self.recipient(of: entry)
        let messagingType: MessagingType? = if case .comment = recipient { nil } else { plan.messagingType }

        var messageIDs: [String] = []
        for part in row.partsSent..<max(row.partsSent, plan.messages.count) {
            let message = plan.messages[part]
            guard let live else {
                logDryRun(message, part: part, of: plan, entry: entry, to: recipient, messagingType: messagingType)
                roundWrites.append(.dryRun(entry.id, part: part))
                continue
            }
            if !(slotTaken && part == row.partsSent),
                let (until, reason) = takeSlot(for: row, Self.rateClass(of: message, entry: entry), at: now)
            {
                return putBack(row, until: until, failure: row.lastFailure, as: .deferred(until: until, reason: reason), at: now)
            }
            // Meta may have paused the account since the round began (another row's answer).
            if let paused = deferIfPaused(row, at: now) { return paused }
            let messageID: String
            journal?.beginning(entry.id)
            let ticket = inFlight?.begin(account: entry.account, contact: entry.recipient, message: message, at: now)
            do {
                let sent = try await live.sendReportingUsage(message, to: recipient, messagingType: messagingType, from: entry.account)
                messageID = sent.messageID
                if let usage = sent.usage { brake(entry.account, usage: usage, at: now) }
            } catch {
                if let ticket { inFlight?.failed(ticket, mayHaveArrived: error.mayHaveArrived) }
                return await failed(row, error, at: now)
            }
            if let ticket { inFlight?.answered(ticket, messageID: messageID) }
            if pacing.knows(entry.account) { pacing.update(entry.account) { $0.recordSuccess() } }
            counters.messagesSent += 1
            roundWrites.append(.sent(entry.id, part: part, messageID: messageID))
            messageIDs.append(messageID)
        }
        return live == nil ? .dryRun(parts: plan.messages.count) : .sent(messageIDs: messageIDs)
    }
}
