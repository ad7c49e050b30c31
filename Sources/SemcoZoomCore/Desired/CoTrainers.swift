import Foundation

/// A trainer of a course: with `alternative_hosts: trainers`, unless they are the meeting's host,
/// a candidate for its alternative hosts (docs/sync-rules.md, "Co-trainers as alternative hosts").
public struct CoTrainer: Sendable, Equatable, Hashable {
    /// `Vorname Nachname`, for messages.
    public var name: String
    /// The trainer's Zoom Benutzername, trimmed and lower-cased; nil when SEMCO has none or
    /// one Zoom would not take as an address.
    public var zoomUser: String?
    /// The value SEMCO has when it is not a usable address (for the message), else nil.
    public var unusableZoomUser: String?
    /// Where the trainer's assignment is in the export.
    public var source: SourceLocation?

    /// The course's trainers, one per person (by Zoom user, else by short code), in short-code
    /// order. The planner leaves out the one who is the meeting's host (whether ticked as
    /// moderator or not); a ticked moderator whose meeting keeps another host (moderator changed
    /// after the first sync) is a co-trainer like the others.
    public static func of(_ trainers: [TrainerAssignment]) -> [CoTrainer] {
        var seen: Set<String> = []
        var result: [CoTrainer] = []
        for trainer in trainers.sorted(by: { $0.shortCode < $1.shortCode }) {
            let raw = trainer.zoomUser.map(TextTrim.whitespaces) ?? ""
            let address = TextCase.lowercased(raw)
            let usable = !raw.isEmpty && Validator.isAcceptableEmail(raw)
            let identity = usable ? "@" + address : "#" + trainer.shortCode
            guard seen.insert(identity).inserted else { continue }
            result.append(
                CoTrainer(
                    name: trainer.displayName, zoomUser: usable ? address : nil,
                    unusableZoomUser: usable || raw.isEmpty ? nil : raw, source: trainer.source))
        }
        return result
    }
}
