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

extension BenchEvent {
    /// A direct-message webhook as Meta posts it: one of 100 accounts, one of 20,000 contacts.
    static func webhook(number: Int, at time: Date) -> Data {
        let ms = Int(time.timeIntervalSince1970 * 1000) + number
        let account = 17_841_400_000_000_000 + number % 100
        let contact = 5_000_000_000_000_000 + number % 20_000
        return Data(
            #"{"object":"instagram","entry":[{"id":"\#(account)","time":\#(ms),"messaging":[{"sender":{"id":"\#(contact)"},"recipient":{"id":"\#(account)"},"timestamp":\#(ms),"message":{"mid":"bench-\#(number)","text":"Hi! What's the price of the blue dress? Number \#(number)."}}]}]}"#
                .utf8)
    }
}
