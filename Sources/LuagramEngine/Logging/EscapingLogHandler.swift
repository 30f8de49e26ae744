import Foundation
import LuagramDomain
import Logging

/// Luagram's log lines: swift-log's stream format, with every value escaped
/// (`LogEscaping`) so that nothing a client sends can break a line or forge one.
///
/// `2026-12-10T10:00:00.123Z info luagram : agent=marta error="not JSON: …" [LuagramServer] message`.
/// A metadata value with a space, a quote or an `=` is quoted, so `key=value` pairs cannot
/// be forged inside a value either.
public struct EscapingLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    public var metadataProvider: Logger.MetadataProvider?

    let label: String
    let write: @Sendable (String) -> Void

    /// A handler writing whole lines through `write` (standard error by default).
    public init(label: String, write: @escaping @Sendable (String) -> Void = EscapingLogHandler.standardError) {
        self.label = label
        self.write = write
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { $1 } }
        if let extra = event.metadata { merged.merge(extra) { $1 } }
        if let error = event.error, merged["error"] == nil { merged["error"] = "\(error)" }
        write(Self.line(
            time: Date(), level: event.level, label: label, message: event.message.description, metadata: merged,
            source: event.source))
    }

    /// One log line, newline included.
    static func line(
        time: Date, level: Logger.Level, label: String, message: String, metadata: Logger.Metadata, source: String
    ) -> String {
        var line = time.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true))
        line += " \(level) \(LogEscaping.escaped(label)) :"
        for (key, value) in metadata.sorted(by: { $0.key < $1.key }) {
            line += " " + LogEscaping.escaped(key) + "=" + field(value)
        }
        line += " [\(LogEscaping.escaped(source))] " + LogEscaping.escaped(message) + "\n"
        return line
    }

    static func field(_ value: Logger.MetadataValue) -> String {
        switch value {
        case .string(let text): quoted(text)
        case .stringConvertible(let convertible): quoted(convertible.description)
        case .array(let values): "[" + values.map(field).joined(separator: ", ") + "]"
        case .dictionary(let values):
            "[" + values.sorted { $0.key < $1.key }.map { LogEscaping.escaped($0.key) + ": " + field($0.value) }
                .joined(separator: ", ") + "]"
        }
    }

    private static func quoted(_ text: String) -> String {
        let escaped = LogEscaping.escaped(text)
        guard escaped.isEmpty || escaped.contains(where: { $0 == " " || $0 == "\"" || $0 == "=" || $0 == "," || $0 == "]" })
        else { return escaped }
        return "\"" + escaped.replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// Writes a line to standard error in one call, so lines of concurrent tasks never mix.
    public static let standardError: @Sendable (String) -> Void = { line in
        var bytes = Array(line.utf8)
        bytes.withUnsafeMutableBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(2, base + offset, buffer.count - offset)
                if written <= 0 { return }
                offset += written
            }
        }
    }
}
