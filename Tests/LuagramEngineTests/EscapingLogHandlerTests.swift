import Foundation
import LuagramDomain
@testable import LuagramEngine
import Logging
import Synchronization
import Testing

@Suite("Log lines")
struct EscapingLogHandlerTests {
    @Test("control characters, line separators and bidi overrides become visible escapes; other text is kept")
    func escaping() {
        #expect(LogEscaping.escaped("marta\n2026-12-10T10:00:00Z critical luagram : forged") == "marta\\n2026-12-10T10:00:00Z critical luagram : forged")
        #expect(LogEscaping.escaped("a\rb\tc\u{0}d\u{1B}[2Je") == "a\\rb\\tc\\u{0}d\\u{1b}[2Je")
        #expect(LogEscaping.escaped("x\u{2028}y\u{202E}z\u{85}\u{7F}") == "x\\u{2028}y\\u{202e}z\\u{85}\\u{7f}")
        #expect(LogEscaping.escaped(#"C:\n"#) == #"C:\\n"#)
        #expect(LogEscaping.escaped("Crème brûlée 👋 price?") == "Crème brûlée 👋 price?")
    }

    /// Lines a logger wrote, collected.
    final class Lines: Sendable {
        let lines = Mutex<[String]>([])
        var all: [String] { lines.withLock { $0 } }
        func logger() -> Logger {
            Logger(label: "luagram") { label in EscapingLogHandler(label: label) { line in self.lines.withLock { $0.append(line) } } }
        }
    }

    @Test("an agent name, a webhook field and a message with newlines each stay on their one line")
    func oneLinePerEvent() {
        let lines = Lines()
        let logger = lines.logger()
        logger.warning(
            "agent send refused for \("x\ny")",
            metadata: [
                "agent": "marta\n2026-12-10T10:00:00Z critical luagram : all accounts paused",
                "field": .stringConvertible("text\r\u{1B}[31mred"),
                "list": ["a\nb", "c"],
            ])
        logger.info("plain", metadata: ["inbox": "12"])
        #expect(lines.all.count == 2)
        for line in lines.all {
            #expect(line.hasSuffix("\n"))
            #expect(line.dropLast().allSatisfy { !$0.isNewline && $0 != "\u{1B}" }, "\(line)")
        }
        let first = lines.all[0]
        #expect(first.contains(#" warning luagram : agent="marta\n2026-12-10T10:00:00Z critical luagram : all accounts paused""#), "\(first)")
        #expect(first.contains(#"field=text\r\u{1b}[31mred"#), "\(first)")
        #expect(first.contains(#"list=[a\nb, c]"#), "\(first)")
        #expect(first.hasSuffix("] agent send refused for x\\ny\n"), "\(first)")
        #expect(lines.all[1].contains(" info luagram : inbox=12 ["), "\(lines.all[1])")
    }

    @Test("a value cannot forge a key=value pair: values with spaces, quotes or = are quoted")
    func valuesAreQuoted() {
        #expect(EscapingLogHandler.field("marta admin=true") == #""marta admin=true""#)
        #expect(EscapingLogHandler.field(#"say "hi""#) == #""say \"hi\"""#)
        #expect(EscapingLogHandler.field("") == #""""#)
        #expect(EscapingLogHandler.field("marta") == "marta")
    }
}
