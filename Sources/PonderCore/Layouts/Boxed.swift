/// The content of the last `\boxed{…}` in a text, braces balanced; nil when there is none.
enum Boxed {
    static func last(in text: String) -> String? {
        guard let r = text.range(of: "\\boxed{", options: .backwards) else { return nil }
        var depth = 1
        var i = r.upperBound
        while i < text.endIndex {
            let c = text[i]
            if c == "{" { depth += 1 } else if c == "}" {
                depth -= 1
                if depth == 0 { return RecordText.trim(String(text[r.upperBound..<i])) }
            }
            i = text.index(after: i)
        }
        return nil
    }
}

import Foundation
