import ArgumentParser
import Foundation

/// `--rules DIR`, the same in every command that reads rules (serve, simulate, test, check).
struct RulesFolderOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The rules folder (default: ./rules if it exists, else examples/rules).", valueName: "dir"))
    var rules: String?

    /// The folder given, or the default.
    var folder: String { rules ?? Self.defaultFolder }

    static var defaultFolder: String {
        FileManager.default.fileExists(atPath: "rules") ? "rules" : "examples/rules"
    }
}
