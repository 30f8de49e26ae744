/// Why a button text cannot go on the website widget.
public enum WidgetError: Error, Equatable, Sendable, CustomStringConvertible {
    case emptyText
    case textTooLong(length: Int)

    public var description: String {
        switch self {
        case .emptyText: "the button text is empty"
        case .textTooLong(let length):
            "the button text has \(length) characters; a floating button holds at most \(Widget.maximumTextLength)"
        }
    }
}
