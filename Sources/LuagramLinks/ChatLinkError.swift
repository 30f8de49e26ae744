/// Why a username or ref cannot make an ig.me link, worded for the person who typed it.
public enum ChatLinkError: Error, Equatable, Sendable, CustomStringConvertible {
    case emptyUsername
    case usernameTooLong(username: String, length: Int)
    case usernameCharacter(username: String, character: Character)
    case emptyRef
    case refTooLong(length: Int)
    /// `offset` counts Unicode scalars from 0, so that a long generated ref can be inspected.
    case refCharacter(character: Character, offset: Int)

    public var description: String {
        switch self {
        case .emptyUsername:
            "the Instagram username is empty"
        case .usernameTooLong(let username, let length):
            "the Instagram username \"\(username)\" has \(length) characters; Instagram allows at most "
                + "\(ChatLink.maximumUsernameLength)"
        case .usernameCharacter(let username, let character):
            "the Instagram username \"\(username)\" contains \(Self.describe(character)); Instagram usernames "
                + "have only letters, digits, '.' and '_'"
        case .emptyRef:
            "the ref is empty; leave it out instead"
        case .refTooLong(let length):
            "the ref has \(length) characters; Meta accepts at most \(ChatLink.maximumRefLength)"
        case .refCharacter(let character, let offset):
            "the ref contains \(Self.describe(character)) at position \(offset + 1); Meta accepts only ASCII "
                + "letters, digits, '-', '_' and '='"
        }
    }

    /// Spaces and control characters are invisible in a quoted message, so they get a name.
    static func describe(_ character: Character) -> String {
        guard let scalar = character.unicodeScalars.first else { return "an empty character" }
        if scalar == " " { return "a space" }
        if scalar.value < 0x20 || scalar.value == 0x7F || scalar.properties.generalCategory == .format {
            let hex = String(scalar.value, radix: 16, uppercase: true)
            return "the control character U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        }
        return "'\(character)'"
    }
}
