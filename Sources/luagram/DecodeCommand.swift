import ArgumentParser
import Foundation
import LuagramDomain
import LuagramInstagram

/// `luagram decode`: shows what Luagram makes of captured webhook bodies, one event per line.
struct DecodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode",
        abstract: "Decode Instagram webhook bodies into events, one JSON object per line.",
        discussion: """
            Each FILE (or - for standard input) is one POST body as Meta sent it. Events go to \
            standard output as JSON lines (kind, id, time, account, contact, text, attachments, \
            fields); items that could not be decoded go to standard error as FILE: PATH: message. \
            Exits 1 when any input is not a webhook body at all.
            """
    )

    @Argument(help: "Webhook body files; - reads standard input.")
    var files: [String] = ["-"]

    func run() throws {
        let decoder = WebhookDecoder()
        var failed = false
        for file in files {
            let name = file == "-" ? "<stdin>" : file
            let body: Data
            do {
                body = try file == "-" ? FileHandle.standardInput.readToEnd() ?? Data() : Data(contentsOf: URL(fileURLWithPath: file))
            } catch {
                Self.warn("\(name): cannot read: \(error.localizedDescription)")
                failed = true
                continue
            }
            do {
                let decoded = try decoder.decode(body, receivedAt: Date())
                for event in decoded.events { print(EventJSON.line(event)) }
                for error in decoded.errors { Self.warn("\(name): \(error)") }
            } catch {
                Self.warn("\(name): \(error)")
                failed = true
            }
        }
        if failed { throw ExitCode.failure }
    }

    private static func warn(_ line: String) {
        FileHandle.standardError.write(Data("luagram decode: \(line)\n".utf8))
    }
}
