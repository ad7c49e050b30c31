import Foundation

/// A trainer of a course who is not its host: with `alternative_hosts: trainers` a candidate
/// for the meeting's alternative hosts (docs/sync-rules.md, "Co-trainers as alternative hosts").
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

    public init(name: String, zoomUser: String?, unusableZoomUser: String? = nil, source: SourceLocation? = nil) {
        self.name = name
        self.zoomUser = zoomUser
        self.unusableZoomUser = unusableZoomUser
        self.source = source
    }

    /// The course's trainers other than the host, one per person (by Zoom user, else by
    /// short code), in short-code order. A trainer whose Zoom user is the host is left out,
    /// whether ticked as moderator or not; a ticked moderator whose meeting keeps another host
    /// (moderator changed after the first sync) is a co-trainer like the others.
    public static func of(_ trainers: [TrainerAssignment], host: String) -> [CoTrainer] {
        let host = TextCase.lowercased(TextTrim.whitespaces(host))
        var seen: Set<String> = []
        var result: [CoTrainer] = []
        for trainer in trainers.sorted(by: { $0.shortCode < $1.shortCode }) {
            let raw = trainer.zoomUser.map(TextTrim.whitespaces) ?? ""
            let address = TextCase.lowercased(raw)
            if !address.isEmpty, address == host { continue }
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
