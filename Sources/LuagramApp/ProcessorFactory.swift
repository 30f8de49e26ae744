import Logging
import LuagramDomain
import LuagramEngine
import LuagramInstagram
import LuagramPolicy

/// The inbox processor over a store and Instagram's webhook bodies, as `serve`'s
/// workers, the simulator, the benchmarks and the tests build it: the one place where the
/// engine is told how to decode what Meta sends.
public enum ProcessorFactory {
    public static func make(
        store: any DataStore, rules: any RuleRunner, policy: Policy = Policy(), options: InboxProcessor.Options = InboxProcessor.Options(),
        inFlight: InFlightSends? = nil, profiles: ProfileDirectory? = nil, logger: Logger = Logger(label: "luagram.engine")
    ) -> InboxProcessor {
        InboxProcessor(
            inbox: store, events: store, conversations: store, rules: rules, policy: policy, decode: WebhookDecoder.decodeBody,
            options: options, inFlight: inFlight, profiles: profiles, logger: logger)
    }
}
