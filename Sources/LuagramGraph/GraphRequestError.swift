/// Why a message could not be turned into Send API calls. These are caller bugs, found
/// before anything reaches the network.
public enum GraphRequestError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No text, image or file.
    case emptyMessage
    /// A single call was asked for, but the message has this many parts.
    case moreThanOnePart(Int)
    /// A private reply must be one call (one message per comment), but the message has this
    /// many parts.
    case privateReplyNeedsOneCall(Int)

    public var description: String {
        switch self {
        case .emptyMessage:
            "the message has no text, image or file"
        case .moreThanOnePart(let parts):
            "the message has \(parts) parts (text, image, file); one Send API call carries one"
        case .privateReplyNeedsOneCall(let parts):
            "a private reply is one message per comment, but the message has \(parts) parts"
        }
    }
}
