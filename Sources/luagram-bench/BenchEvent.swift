import Foundation
import LuagramDomain

/// The event every benchmark dispatches: a realistic first DM asking for a price.
enum BenchEvent {
    static let time = Date(timeIntervalSince1970: 1_795_000_000)

    static let message = Event(
        kind: .message, id: "aWdfZAG1faWQ6MTIzNDU2Nzg5", time: time, account: "17841400000000001",
        contact: Contact(id: "1284567890123456", username: "ana.sousa", name: "Ana Sousa"),
        text: "Hi! What's the price of the blue dress?")
}
