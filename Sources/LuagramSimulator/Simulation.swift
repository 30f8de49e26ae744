import Foundation
import Logging
import LuagramApp
import LuagramDomain
import LuagramEngine
import LuagramInstagram
import LuagramPolicy
import LuagramRules
import LuagramStore

/// The real pipeline — store, rules, policy, outbox, sender — on a virtual clock, with a
/// `SendRecorder` where Meta would be: what `luagram simulate` and `luagram test` run.
///
/// Time moves only forwards and only when told: a webhook is processed at its items' time,
/// an agent's send at its own, and `advance(to:)` lets every send that comes due on the
/// way go at its due time, so a follow-up or a paced private reply leaves exactly when it
/// would have. Like the processor inside it, a simulation belongs to one task at a time.
public final class Simulation {
    public let store: any DataStore
    public let clock: ManualClock
    public let recorder = SendRecorder()
    let processor: InboxProcessor
    let sender: OutboxSender
    let desk: AgentDesk

    /// - Parameters:
    ///   - rules: the rules folder, loaded as `serve` loads it.
    ///   - start: the clock's time before the first input.
    public init(
        rules: String, store: any DataStore, start: Date, options: RuleOptions = RuleOptions(),
        logger: Logger = Logger(label: "luagram.simulate")
    ) throws {
        self.store = store
        clock = ManualClock(start)
        let runtime = try RuleRuntime(folder: rules, options: options, now: start)
        processor = ProcessorFactory.make(store: store, rules: runtime, logger: logger)
        // no jitter: the same input gives the same output
        sender = OutboxSender(outbox: store, conversations: store, sender: recorder, random: { 0.5 }, logger: logger)
        desk = AgentDesk(events: store, conversations: store)
        loadErrors = runtime.current.errors.map { $0.described(relativeTo: rules) }
    }

    /// Rule files that did not load (`file:line: message`); the others run.
    public let loadErrors: [String]

    /// What one input did.
    public struct Step: Sendable {
        public var decisions: [SimulatedDecision] = []
        /// The ids of the events processed, in order.
        public var events: [String] = []
        /// Handlers that failed, as `file:line: message (handler …, event …)`.
        public var ruleFailures: [String] = []
        /// Events seen before: nothing was done for them.
        public var duplicates = 0
        /// Why the body or some of its items could not be decoded.
        public var rejected: [String] = []

        mutating func add(_ other: Step) {
            decisions += other.decisions
            events += other.events
            ruleFailures += other.ruleFailures
            duplicates += other.duplicates
            rejected += other.rejected
        }
    }

    /// Carries out one input of `simulate`.
    public func run(_ input: SimulationInput) async throws -> Step {
        switch input {
        case .webhook(let body):
            return try await receive(body)
        case .agent(let contact, let text, let at, let name, let account):
            let known = account == nil ? try await store.accounts(ofContact: contact).first : account
            guard let account = known else {
                throw SimulationInputError("agent send to \(contact): no account given and none has seen this contact")
            }
            return try await agentSend(text, to: contact, account: account, agent: name, at: at)
        case .tick(let time):
            return try await advance(to: time)
        }
    }

    /// Processes a webhook body at its items' time (the clock never goes back: an item older
    /// than the clock is processed now), then sends what is due.
    public func receive(_ body: Data) async throws -> Step {
        var step = Step()
        let items = (try? WebhookDecoder().decode(Array(body), receivedAt: clock.now).events) ?? []
        if let first = items.map(\.time).min() { step.add(try await advance(to: first)) }
        let id = try await store.appendToInbox(body, receivedAt: clock.now)
        let reader = processor.reader
        let batch = try await reader.claim(limit: 1, now: clock.now)
        step.rejected += batch.itemErrors
        if batch.report.rejectedBodies > 0 {
            step.rejected.append(try await store.inboxRow(id)?.error ?? "not a webhook body")
        }
        for event in batch.events {
            step.add(try await advance(to: event.time))
            let result = try await processor.process(event, at: clock.now)
            step.events.append(event.id)
            if result.commit != .committed { step.duplicates += 1 }
            step.ruleFailures += result.failures
            step.decisions += result.decisions.map { decision(for: $0, of: event) }
        }
        try await reader.finish(batch, now: clock.now)
        step.add(await sendDue())
        return step
    }

    /// A human agent's message to a contact at `time` (or now), through the agent path.
    public func agentSend(_ text: String, to contact: String, account: String, agent: String, at time: Date? = nil)
        async throws -> Step
    {
        var step = Step()
        if let time { step.add(try await advance(to: time)) }
        let message = OutgoingMessage(text: text)
        let decision = try await desk.send(message, to: contact, of: account, agent: agent, at: clock.now)
        var line = SimulatedDecision(
            at: clock.now, phase: .decided, event: nil, kind: "agent_send", account: account, contact: contact,
            origin: .agent(agent), action: "agent_reply", verdict: decision.verdict, requests: [])
        describe(decision, in: &line, recipient: .contact(contact))
        step.decisions.append(line)
        step.add(await sendDue())
        return step
    }

    /// Moves the clock to `time`, sending what comes due on the way at its due time.
    public func advance(to time: Date) async throws -> Step {
        guard MetaTime.isSupported(time) else { throw SimulationTimeError(time: time) }
        var step = Step()
        while let next = try await store.nextOutboxAttempt(), next <= time {
            if next > clock.now { clock.set(next) }
            let (round, handled) = await sendRound()
            step.add(round)
            if handled == 0 { break }  // nothing could be claimed: the store says why in the log
        }
        if time > clock.now { clock.set(time) }
        return step
    }

    /// Sends what is due at the clock's time, round after round until none is left.
    private func sendDue() async -> Step {
        var step = Step()
        // bounded, should a row ever come back due at the same instant
        for _ in 0..<10_000 {
            let (round, handled) = await sendRound()
            step.add(round)
            if handled == 0 { break }
        }
        return step
    }

    /// One sender round at the clock's time: lines for what it did differently from the
    /// decision, or later, and how many rows it handled.
    private func sendRound() async -> (Step, handled: Int) {
        var step = Step()
        var sentBefore = recorder.recorded.count
        let report = await sender.sendDue(now: clock.now)
        for outcome in report.outcomes {
            guard let row = try? await store.outboxRow(outcome.id) else { continue }
            let entry = row.entry
            var line = SimulatedDecision(
                at: clock.now, phase: .due, event: entry.origin.isAgent ? nil : entry.event.id,
                kind: entry.origin.isAgent ? "agent_send" : entry.event.kind.rawValue, account: entry.account,
                contact: entry.recipient, origin: entry.origin, action: Self.action(entry.intent, entry.origin),
                verdict: "send", requests: [])
            switch outcome.outcome {
            case .sent:
                let calls = recorder.recorded[sentBefore...]
                sentBefore = recorder.recorded.count
                // sent as decided, when decided: the decision's line already says it all
                if entry.decidedAt == clock.now, entry.plan != nil, entry.dueAt == entry.decidedAt { continue }
                line.requests = calls.map(\.body)
                (line.messagingType, line.tag) = SimulatedDecision.wire(calls.first?.messagingType)
            case .dryRun:
                continue
            case .refused(let reason):
                line.verdict = "refuse"
                line.reason = reason
            case .failed(let failure):
                line.verdict = "failed"
                line.error = failure.description
            case .retry, .deferred, .storeError:
                continue
            }
            step.decisions.append(line)
        }
        return (step, report.outcomes.count)
    }

    private func decision(for recorded: RecordedIntent, of event: Event) -> SimulatedDecision {
        var line = SimulatedDecision(
            at: clock.now, phase: .decided, event: event.id, kind: event.kind.rawValue, account: event.account,
            contact: event.contact.id, origin: recorded.origin, action: Self.action(recorded.intent, recorded.origin),
            verdict: recorded.decision.verdict, requests: [])
        let recipient: MessageRecipient =
            if case .privateReply = recorded.intent { .comment(event.id) } else { .contact(event.contact.id) }
        describe(recorded.decision, in: &line, recipient: recipient)
        return line
    }

    private func describe(_ decision: Decision, in line: inout SimulatedDecision, recipient: MessageRecipient) {
        switch decision {
        case .send(let plan):
            line.requests = SendRecorder.bodies(of: plan, to: recipient, from: line.account)
            if case .contact = recipient { (line.messagingType, line.tag) = SimulatedDecision.wire(plan.messagingType) }
        case .defer(let until, let reason):
            line.until = until
            line.reason = reason
        case .refuse(let reason):
            line.reason = reason
        case .accept:
            break
        }
    }

    static func action(_ intent: Intent, _ origin: Origin) -> String {
        if case .agent = origin, case .reply = intent { return "agent_reply" }
        return intent.name
    }
}

extension Origin {
    var isAgent: Bool { if case .agent = self { true } else { false } }
}

/// A time the simulation cannot move to: before 1970, past 9999, or not a number.
public struct SimulationTimeError: Error, Sendable, Hashable, CustomStringConvertible {
    public var time: Date

    public var description: String {
        "the clock cannot move to \(time.timeIntervalSince1970) s since 1970: times go from 1970 to 9999-12-31"
    }
}
