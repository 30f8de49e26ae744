import ArgumentParser
import Foundation
import LuagramLinks

/// `luagram link`: the ig.me address (and its QR code) that opens a chat with the account,
/// for bios, posters, packaging and emails; the ref tells the rules where the customer came from.
struct LinkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "link",
        abstract: "Print the ig.me link that opens an Instagram chat, and optionally write its QR code.",
        discussion: """
            Prints https://ig.me/m/USERNAME, with ?ref=REF when --ref is given. A chat opened from \
            the link carries the ref in its referral (ev.referral.ref in the rules). Meta accepts a \
            ref of at most 2,083 ASCII letters, digits, '-', '_' and '='; anything else is refused \
            here rather than silently dropped by Meta.
            """
    )

    @Argument(help: "The Instagram username (a leading @ is dropped).")
    var username: String

    @Option(help: "Where the link is used (a poster, a campaign), passed to the rules as the referral's ref.")
    var ref: String?

    @Option(name: .customLong("qr"), help: ArgumentHelp("Also write a QR code of the link: an .svg or .png file.", valueName: "file"))
    var qrFile: String?

    func validate() throws {
        _ = try link()
        if let qrFile, QRImageFormat(path: qrFile) == nil {
            throw ValidationError("--qr \(qrFile): the file name must end in .svg or .png")
        }
    }

    func run() throws {
        let link = try link()
        if let qrFile, let format = QRImageFormat(path: qrFile) {
            // Written before printing, so a failure leaves no link on stdout for a script to use.
            do {
                let code = try QRCode(encoding: link.url)
                try Data(format.render(code)).write(to: URL(fileURLWithPath: qrFile))
            } catch let error as QRCodeError {
                throw Self.failure("\(qrFile): \(error)")
            } catch {
                throw Self.failure("\(qrFile): cannot write: \(error.localizedDescription)")
            }
        }
        print(link.url)
    }

    private func link() throws -> ChatLink {
        do {
            return try ChatLink(username: username, ref: ref)
        } catch {
            throw ValidationError(error.description)
        }
    }

    private static func failure(_ message: String) -> ExitCode {
        FileHandle.standardError.write(Data("luagram link: \(message)\n".utf8))
        return ExitCode.failure
    }
}
