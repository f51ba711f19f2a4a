import Foundation

/// A compiled `/regex/` of the filter language: ICU syntax through NSRegularExpression, searched
/// anywhere in the text. Immutable and safe to share between tasks.
struct TextPattern: @unchecked Sendable {
    struct Invalid: Error {
        var reason: String
    }

    private let regex: NSRegularExpression

    init(_ pattern: String, caseInsensitive: Bool) throws(Invalid) {
        do {
            regex = try NSRegularExpression(pattern: pattern, options: caseInsensitive ? [.caseInsensitive] : [])
        } catch {
            throw Invalid(reason: "not a valid regular expression")
        }
    }

    func matches(_ text: String) -> Bool {
        regex.firstMatch(in: text, options: [], range: NSRange(location: 0, length: text.utf16.count)) != nil
    }
}
