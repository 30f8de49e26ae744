/// What `text.matches` has folded before, shared by the VMs of one rule set.
///
/// Every file's handlers match the same `ev.text` against the same keyword lists on every
/// event, and folding and splitting them cost more than the matching: the last texts and
/// every keyword list seen are kept by their bytes, so a call that repeats one costs a hash.
final class TextMatchCache {
    typealias Keywords = [(keyword: String, words: [Substring])]

    private var lists: [[UInt8]: Keywords] = [:]
    private var keywords: [String: [Substring]] = [:]
    private var texts: [(bytes: [UInt8], words: [Substring])] = []

    /// The most lists and keywords kept before starting over.
    static let capacity = 4096
    /// How many recent texts are kept (the event's text, and a few a handler builds).
    static let recentTexts = 4

    /// The folded words of a text given as valid UTF-8 bytes.
    func words(ofText bytes: UnsafeRawBufferPointer) -> [Substring]? {
        if let known = texts.first(where: { $0.bytes.elementsEqual(bytes) }) { return known.words }
        guard let text = String(validating: bytes, as: UTF8.self) else { return nil }
        let words = TextFunctions.words(TextFunctions.fold(text))
        if texts.count == Self.recentTexts { texts.removeFirst() }
        texts.append((Array(bytes), words))
        return words
    }

    /// A keyword list by its items' bytes; `make` builds it (and may throw) the first time.
    func keywords(_ items: [UnsafeRawBufferPointer], make: () throws -> Keywords) rethrows -> Keywords {
        var key: [UInt8] = []
        key.reserveCapacity(items.reduce(items.count) { $0 + $1.count })
        for item in items {
            key.append(contentsOf: item)
            key.append(0xFF)  // never in UTF-8, so the items' bounds are part of the key
        }
        if let known = lists[key] { return known }
        let made = try make()
        if lists.count >= Self.capacity { lists.removeAll(keepingCapacity: true) }
        lists[key] = made
        return made
    }

    /// The folded words of one keyword.
    func words(of keyword: String) -> [Substring] {
        if let known = keywords[keyword] { return known }
        if keywords.count >= Self.capacity { keywords.removeAll(keepingCapacity: true) }
        let folded = TextFunctions.words(TextFunctions.fold(keyword))
        keywords[keyword] = folded
        return folded
    }
}
