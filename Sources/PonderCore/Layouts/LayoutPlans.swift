/// The layouts of one file. Most files hold one layout, but concatenated shards and benchmark
/// mixes hold several: the sample is grouped by record shape (its sorted top-level keys) and each
/// shape gets its own plan. A record of a shape the sample did not show is read with the file's
/// main plan, or, when that finds nothing, recognised on its own.
public struct LayoutPlans: Sendable {
    /// The plan of the most common shape in the sample: the file's layout in `ponder stats`.
    public let primary: LayoutPlan
    private let byShape: [UInt64: LayoutPlan]
    private let explicit: ExplicitPaths?

    public var kind: LayoutKind { primary.kind }
    public var summary: String { primary.summary }

    public static func recognize(sample: [JSONDocument], explicit: ExplicitPaths? = nil) -> LayoutPlans {
        var groups: [UInt64: [JSONDocument]] = [:]
        var order: [UInt64] = []
        for doc in sample {
            let s = shape(doc)
            if groups[s] == nil { order.append(s) }
            groups[s, default: []].append(doc)
        }
        let primaryShape = order.max { (groups[$0]?.count ?? 0) < (groups[$1]?.count ?? 0) }
        var byShape: [UInt64: LayoutPlan] = [:]
        if explicit == nil || explicit?.isEmpty == true {
            for (s, docs) in groups { byShape[s] = LayoutPlan.recognize(sample: docs) }
        }
        let primary = LayoutPlan.recognize(sample: primaryShape.flatMap { groups[$0] } ?? sample, explicit: explicit)
        return LayoutPlans(primary: primary, byShape: byShape, explicit: explicit)
    }

    /// The traces of one record.
    public func traces(in doc: JSONDocument) -> RecordTraces {
        if let explicit, !explicit.isEmpty { return primary.traces(in: doc) }
        if let plan = byShape[Self.shape(doc)] {
            let r = plan.traces(in: doc)
            if r.layout != .unknown { return r }
        }
        let r = primary.traces(in: doc)
        if r.layout != .unknown { return r }
        let alone = LayoutPlan.recognize(sample: [doc]).traces(in: doc)
        return alone.layout != .unknown ? alone : r
    }

    /// A hash of the record's sorted top-level keys (0 when the record is not an object).
    static func shape(_ doc: JSONDocument) -> UInt64 {
        guard doc.kind(doc.root) == .object else { return 0 }
        var keys = doc.members(doc.root).map { doc.string($0.key) }
        keys.sort()
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for k in keys {
            for b in k.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
            h = (h ^ 0xFF) &* 0x0000_0100_0000_01B3
        }
        return h
    }
}
