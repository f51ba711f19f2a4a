/// What a cell means, not how it looks: PonderTerminal maps roles to colours (or, under
/// `NO_COLOR`, to attributes only) in one place.
public enum StyleRole: UInt8, Sendable, CaseIterable, Equatable {
    case normal, header, selection, dim, loopSpan, foreignSpan, searchMatch, status, flagged, error
    case title, focusedTitle, input, barSelected, bar, threshold, gold
}
