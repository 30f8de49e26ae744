import ArgumentParser
import Foundation
import LuagramDomain
import LuagramEngine
import LuagramInstagram
import LuagramPolicy

/// `luagram send`: a human agent's message through the same policy as the agent API
/// (HUMAN_AGENT between 24 hours and 7 days); the running server's sender delivers it.
struct SendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send", abstract: "Send a message as a human agent, through the policy, and print the decision.")

    @OptionGroup var target: ContactOptions

    @Option(help: "The text to send.")
    var text: String

    @Option(help: "The agent's name, kept with the message.")
    var agent: String

    @Flag(
        inversion: .prefixedNo,
        help: "Allow the HUMAN_AGENT tag from 24 hours to 7 days (on by default; as serve's --no-human-agent).")
    var humanAgent = true

    func run() async throws {
        try await target.settings().withStore { store in
            let account = try await target.resolveAccount(in: store)
            let decision = try await AgentDesk(
                events: store, conversations: store, policy: Policy(limits: PolicyLimits(humanAgentTag: humanAgent))
            )
            .send(OutgoingMessage(text: text), to: target.contact, of: account, agent: agent, at: Date())
            switch decision {
            case .send(let plan):
                print("send \(plan.messagingType == .humanAgent ? "MESSAGE_TAG HUMAN_AGENT" : "RESPONSE") (\(plan.messages.count) message(s) queued)")
            case .defer(let until, let reason):
                print("defer until \(EventJSON.iso8601(until)): \(reason.rawValue)")
            case .refuse(let reason):
                print("refuse \(reason.rawValue): \(reason.explanation)")
                throw ExitCode.failure
            case .accept:
                print("accept")
            }
        }
    }
}
